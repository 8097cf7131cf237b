// The view transform of one viewport: which image point sits at the canvas centre, the scale (device pixels per
// image pixel), and a flip followed by a clockwise quarter-turn rotation (the server's order, PS3.3 C.10.6.1.1).
// Image coordinates are continuous: pixel (c, r) covers [c, c + 1) x [r, r + 1).

export class ViewTransform {
    constructor() {
        this.centerX = 0;
        this.centerY = 0;
        this.scale = 1;
        this.rotation = 0;
        this.flipH = false;
        this.flipV = false;
    }

    clone() {
        return Object.assign(new ViewTransform(), this);
    }

    /** Fits a columns x rows image into a width x height canvas (device pixels), keeping rotation and flips. */
    fit(columns, rows, width, height) {
        const quarter = this.rotation === 90 || this.rotation === 270;
        const w = quarter ? rows : columns;
        const h = quarter ? columns : rows;
        this.centerX = columns / 2;
        this.centerY = rows / 2;
        this.scale = Math.max(1e-3, Math.min(width / w, height / h));
    }

    /** Image point to canvas point (device pixels) for a width x height canvas. */
    toCanvas(x, y, width, height) {
        let u = x - this.centerX;
        let v = y - this.centerY;
        if (this.flipH) u = -u;
        if (this.flipV) v = -v;
        let p;
        switch (this.rotation) {
            case 90: p = [-v, u]; break;
            case 180: p = [-u, -v]; break;
            case 270: p = [v, -u]; break;
            default: p = [u, v]; break;
        }
        return [width / 2 + p[0] * this.scale, height / 2 + p[1] * this.scale];
    }

    /** Canvas point (device pixels) to image point. */
    toImage(px, py, width, height) {
        const a = (px - width / 2) / this.scale;
        const b = (py - height / 2) / this.scale;
        let q;
        switch (this.rotation) {
            case 90: q = [b, -a]; break;
            case 180: q = [-a, -b]; break;
            case 270: q = [-b, a]; break;
            default: q = [a, b]; break;
        }
        if (this.flipH) q[0] = -q[0];
        if (this.flipV) q[1] = -q[1];
        return [q[0] + this.centerX, q[1] + this.centerY];
    }

    /**
     * The part of a columns x rows image visible on the canvas, as whole pixels, and where it lands on the canvas.
     * Null when nothing is visible.
     */
    visibleRegion(columns, rows, width, height) {
        const corners = [[0, 0], [width, 0], [0, height], [width, height]].map(([x, y]) => this.toImage(x, y, width, height));
        const xs = corners.map(c => c[0]);
        const ys = corners.map(c => c[1]);
        const x0 = Math.max(0, Math.floor(Math.min(...xs)));
        const y0 = Math.max(0, Math.floor(Math.min(...ys)));
        const x1 = Math.min(columns, Math.ceil(Math.max(...xs)));
        const y1 = Math.min(rows, Math.ceil(Math.max(...ys)));
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        const region = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
        return { region, dest: this.destinationOf(region, width, height) };
    }

    /** The canvas rectangle (device pixels) an image region covers under this transform. */
    destinationOf(region, width, height) {
        const a = this.toCanvas(region.x, region.y, width, height);
        const b = this.toCanvas(region.x + region.width, region.y + region.height, width, height);
        return {
            x: Math.min(a[0], b[0]),
            y: Math.min(a[1], b[1]),
            width: Math.abs(b[0] - a[0]),
            height: Math.abs(b[1] - a[1]),
        };
    }
}
