// State reports of one viewport to .NET (the Viewport component's overlay and the viewer page): slice, window, zoom,
// rotation, flips, invert and cine, throttled to one report per interval unless asked now. Small messages only; pixels
// never travel through the circuit. The viewport (viewport.js) provides stack, image, index, view, invert, cine,
// effectiveWindow() and call(method, arg).

const reportIntervalMs = 100;

function round(v) {
    return Math.round(v * 100) / 100;
}

export class StateReporter {
    constructor(vp) {
        this.vp = vp;
        this.timer = null;
        this.last = 0;
    }

    /** Reports now, or at the end of the current interval (the newest state then). */
    report(now) {
        if (!this.vp.stack) return;
        const due = this.last + reportIntervalMs - performance.now();
        clearTimeout(this.timer);
        if (now || due <= 0) {
            this.send();
        } else {
            this.timer = setTimeout(() => this.send(), due);
        }
    }

    cancel() {
        clearTimeout(this.timer);
    }

    send() {
        this.last = performance.now();
        const vp = this.vp;
        const image = vp.image;
        const w = vp.effectiveWindow();
        vp.call('OnViewportState', {
            index: vp.index,
            count: vp.stack?.images.length ?? 0,
            sopInstanceUid: image?.sop ?? null,
            frame: image?.frame ?? 0,
            windowCenter: w === null ? null : round(w.center),
            windowWidth: w === null ? null : round(w.width),
            zoom: Math.round(vp.view.scale * 1000) / 1000,
            rotation: vp.view.rotation,
            flipHorizontal: vp.view.flipH,
            flipVertical: vp.view.flipV,
            invert: vp.invert,
            cine: vp.cine.running,
            framesPerSecond: vp.cine.fps,
        });
    }
}
