// A small least-recently-used cache of decoded frames (ImageBitmap) keyed by their request URL, so a frame already
// fetched and decoded is drawn again without a request. Evicted bitmaps are closed to free their memory at once.

export class BitmapCache {
    /** @param isPinned a bitmap still on screen: dropped from the cache but not closed. */
    constructor(capacity, isPinned) {
        this.capacity = capacity;
        this.isPinned = isPinned;
        this.entries = new Map();
    }

    get(key) {
        const bitmap = this.entries.get(key);
        if (bitmap !== undefined) {
            this.entries.delete(key);
            this.entries.set(key, bitmap);
        }
        return bitmap;
    }

    has(key) {
        return this.entries.has(key);
    }

    set(key, bitmap) {
        const old = this.entries.get(key);
        if (old !== undefined && old !== bitmap && !this.isPinned(old)) {
            old.close();
        }
        this.entries.delete(key);
        this.entries.set(key, bitmap);
        while (this.entries.size > this.capacity) {
            const [oldestKey, oldest] = this.entries.entries().next().value;
            this.entries.delete(oldestKey);
            if (!this.isPinned(oldest)) {
                oldest.close();
            }
        }
    }

    clear() {
        for (const bitmap of this.entries.values()) {
            if (!this.isPinned(bitmap)) {
                bitmap.close();
            }
        }
        this.entries.clear();
    }
}
