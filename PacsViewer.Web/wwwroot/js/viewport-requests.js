// The request loop of one viewport: serves the newest view state only, keeps at most one frame request in flight (two
// during a drag, so the newest state does not wait a whole round trip behind an older one; a late older frame is
// dropped) plus one prefetch, never asks twice for a frame already on its way, and keeps recently decoded lossless
// frames in a small LRU. A frame the first-frame boot module (viewport-boot.js) is already fetching is taken over
// instead of being requested again.
//
// The viewport (viewport.js) it serves provides: stack, index, direction, interacting, disposed, generation, shown,
// cineTimer, desired(index, format), show(bitmap, want) and reportError(message).

import { BitmapCache } from './bitmap-cache.js';
import { fetchBitmap } from './viewport-frames.js';

const prefetchAhead = 6;
const prefetchBehind = 2;
const cacheCapacity = 40;

export class RequestLoop {
    constructor(vp) {
        this.vp = vp;
        this.cache = new BitmapCache(cacheCapacity, b => vp.shown !== null && vp.shown.bitmap === b);
        this.inFlight = new Set(); // URLs of the frame requests under way (prefetch excluded)
        this.requested = 0;        // sequence number of the last frame request sent
        this.shownRequest = 0;     // sequence number of the request whose frame is shown
        this.prefetching = null;   // URL of the prefetch under way, or null
        this.failedUrl = null;
        this.early = null;         // { url, promise } of a first frame the boot module is fetching, until used
    }

    /** Forgets the cached frames and the last failure (a new stack). */
    reset() {
        this.cache.clear();
        this.failedUrl = null;
    }

    /** A first frame the boot module fetches for <url>: the loop waits for it rather than asking again. */
    adopt(url, promise) {
        this.early = { url, promise };
    }

    /** Sends the request the current state needs, unless it is shown, failed, on its way or cached. */
    async pump() {
        const vp = this.vp;
        if (this.inFlight.size >= (vp.interacting ? 2 : 1) || vp.disposed) return;
        const want = vp.desired();
        if (want !== null && vp.shown !== null && vp.shown.url === want.url) {
            this.prefetch(); // shown (a first frame taken over from the boot module, say): the neighbours are next
            return;
        }
        if (want === null || want.url === this.failedUrl
            || this.inFlight.has(want.url) || want.url === this.prefetching) {
            return; // shown, failed, or on its way (a prefetch that lands pumps again)
        }
        const cached = this.cache.get(want.url);
        if (cached !== undefined) {
            this.shownRequest = ++this.requested;
            vp.show(cached, want);
            this.prefetch();
            return;
        }
        const sequence = ++this.requested;
        this.inFlight.add(want.url);
        const generation = vp.generation;
        try {
            const bitmap = await this.fetch(want.url, 'high');
            if (generation !== vp.generation || vp.disposed || sequence < this.shownRequest) {
                bitmap.close(); // reset, or a newer request's frame is already shown
            } else {
                if (!want.url.includes('format=jpeg')) {
                    this.cache.set(want.url, bitmap);
                }
                this.failedUrl = null;
                this.shownRequest = sequence;
                vp.show(bitmap, want);
            }
        } catch (error) {
            if (generation === vp.generation && sequence >= this.shownRequest) {
                this.failedUrl = want.url;
                vp.reportError(error.message || String(error));
            }
        } finally {
            this.inFlight.delete(want.url);
        }
        // Input that arrived during the flight is served now, with only its newest state.
        this.pump();
        this.prefetch();
    }

    fetch(url, priority) {
        const early = this.early;
        if (early !== null && early.url === url) {
            this.early = null;
            return early.promise;
        }
        return fetchBitmap(url, priority);
    }

    /** Fetches and decodes neighbouring slices in the scroll direction, one at a time, into the LRU. */
    async prefetch() {
        const vp = this.vp;
        if (this.prefetching || vp.interacting || vp.disposed || !vp.stack) return;
        const order = [];
        for (let i = 1; i <= prefetchAhead; i++) order.push(vp.index + vp.direction * i);
        for (let i = 1; i <= prefetchBehind; i++) order.push(vp.index - vp.direction * i);
        const count = vp.stack.images.length;
        const next = order
            .map(i => vp.cine.running ? ((i % count) + count) % count : i)
            .filter(i => i >= 0 && i < count && i !== vp.index)
            .map(i => vp.desired(i, 'png'))
            .find(w => w !== null && !this.cache.has(w.url));
        if (next === undefined) return;
        this.prefetching = next.url;
        const generation = vp.generation;
        try {
            const bitmap = await this.fetch(next.url, 'auto');
            if (generation === vp.generation && !vp.disposed) {
                this.cache.set(next.url, bitmap);
            } else {
                bitmap.close();
            }
        } catch {
            // A neighbour that fails is reported when it is shown: if the viewport wants it now, the main loop
            // requests it itself (and reports the error); prefetching stops here so a failing URL is not retried.
            this.prefetching = null;
            this.pump();
            return;
        } finally {
            this.prefetching = null;
        }
        this.pump();
        this.prefetch();
    }
}
