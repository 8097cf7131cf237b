// Cine of one viewport: steps through the stack at a frame rate, and only once the current frame is on screen, so
// cine never skips frames (a slow network lowers the rate instead). The viewport (viewport.js) provides stack, index,
// shown, desired() and changed(reportNow).

export class Cine {
    constructor(vp) {
        this.vp = vp;
        this.timer = null;
        this.fps = 10;
    }

    get running() {
        return this.timer !== null;
    }

    start() {
        const vp = this.vp;
        if (!vp.stack || vp.stack.images.length < 2) return false;
        this.stop();
        this.timer = setInterval(() => {
            const want = vp.desired();
            if (want !== null && vp.shown !== null && vp.shown.url === want.url) {
                vp.index = (vp.index + 1) % vp.stack.images.length;
                vp.changed(false);
            }
        }, 1000 / this.fps);
        return true;
    }

    /** Stops; true when cine was running. */
    stop() {
        if (this.timer === null) return false;
        clearInterval(this.timer);
        this.timer = null;
        return true;
    }

    /** Sets the rate (1 to 120 frames per second), restarting a running cine at the new rate. */
    setRate(fps) {
        this.fps = Math.min(120, Math.max(1, fps));
        if (this.running) {
            this.stop();
            this.start();
        }
    }
}
