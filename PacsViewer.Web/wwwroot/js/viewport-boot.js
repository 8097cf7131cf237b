// The first frame of each viewport, before the Blazor circuit: the prerendered viewer page marks each image viewport's
// canvas with data-first-frame (JSON: the study's frame URL base, the series and the first image's instance, frame and
// size), and this module, loaded by <script type="module" async> after the page's markup in App.razor, fetches that
// frame at high priority and draws it once the style sheets are in (the canvas's size depends on them), so the first
// pixels wait neither for blazor.web.js nor for the circuit.
//
// When the circuit starts, Blazor replaces the prerendered DOM with its own render of the same markup: a
// MutationObserver draws the frame again on the new canvas in the same task (before the browser paints, so it never
// blinks), and leaves it there for viewport.js, which takes it over (canvas.__pvEarlyFrame: the frame if drawn, else
// the promise of it) instead of requesting it again. The canvas carries data-early-frame ("SOP:frame") while only this
// module has drawn; data-frame is set by the viewport once it is live (viewport.js), so tests acting on a data-frame
// act on a viewport that handles input.

import { ViewTransform } from './viewport-view.js';
import { drawFrame, fetchBitmap, frameRequest, recordDraw, recordWanted } from './viewport-frames.js';

const selector = 'canvas[data-first-frame]';
const started = new Map(); // data-first-frame value -> early frame
let observer = null;

/** One first frame: what was asked (want), the canvas it is on now, the bitmap once decoded. */
class EarlyFrame {
    constructor(key, want, view, canvas) {
        this.key = key;
        this.want = want;
        this.view = view;
        this.canvas = canvas;
        this.bitmap = null;
        this.adopted = false;
        this.owned = false;
        this.drawn = false;
        this.promise = fetchBitmap(want.url, 'high').then(bitmap => {
            this.bitmap = bitmap;
            if (!this.adopted) {
                this.draw();
            } else if (!this.owned) {
                bitmap.close(); // the viewport shows another image now
            }
            return bitmap;
        });
        // A failure is the viewport's to report: it requests the frame itself, or waits for this promise and catches.
        this.promise.catch(() => { });
    }

    /** Called by the viewport taking over: <owned> when it keeps the bitmap (or the promise of it). */
    adopt(owned) {
        this.adopted = true;
        this.owned = owned;
        if (!owned && this.bitmap !== null) {
            this.bitmap.close();
        }
        if ([...started.values()].every(f => f.adopted)) {
            observer?.disconnect();
            observer = null;
        }
    }

    /** Draws the frame on its current canvas, sized to the canvas's device pixels as viewport.js sizes it. */
    draw() {
        const canvas = this.canvas;
        if (!canvas.isConnected || this.bitmap === null) return;
        size(canvas);
        drawFrame(canvas.getContext('2d'), this.view, this.bitmap, this.want.region);
        canvas.dataset.earlyFrame = `${this.want.image.sop}:${this.want.image.frame}`;
        canvas.__pvEarlyFrame = this;
        if (!this.drawn) {
            this.drawn = true;
            recordDraw(this.want.url);
        }
    }
}

function size(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
    }
}

/** Starts the first frame of a prerendered canvas: the request viewport.js makes for a new stack, lossless and fitted. */
function start(canvas) {
    const key = canvas.dataset.firstFrame;
    if (!key || started.has(key) || canvas.__pvEarlyFrame !== undefined || canvas.__pvLive || canvas.clientWidth === 0) return;
    let first;
    try {
        first = JSON.parse(key);
    } catch {
        return; // not ours to judge: the viewport loads the stack itself
    }
    size(canvas);
    const stack = { baseUrl: first.baseUrl, series: first.series, images: [first.image] };
    const view = new ViewTransform();
    view.fit(first.image.columns, first.image.rows, canvas.width, canvas.height);
    const want = frameRequest(stack, 0, view, canvas.width, canvas.height, { window: null, invert: false }, 'png');
    if (want === null) return;
    recordWanted(want.url);
    const early = new EarlyFrame(key, want, view, canvas);
    canvas.__pvEarlyFrame = early;
    started.set(key, early);
}

/** A canvas Blazor rendered in place of a prerendered one: the same first frame moves over (and is drawn if ready). */
function replaced(canvas) {
    const early = started.get(canvas.dataset.firstFrame);
    if (early === undefined || early.adopted || early.canvas === canvas || canvas.__pvEarlyFrame !== undefined || canvas.__pvLive) return;
    early.canvas = canvas;
    canvas.__pvEarlyFrame = early;
    early.draw();
}

/** Resolves once every style sheet link of the page has loaded (or failed): layout, and so canvas sizes, are final. */
function stylesLoaded() {
    const pending = [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => l.sheet === null);
    return Promise.all(pending.map(link => new Promise(resolve => {
        link.addEventListener('load', resolve, { once: true });
        link.addEventListener('error', resolve, { once: true });
    })));
}

async function boot() {
    await stylesLoaded();
    document.querySelectorAll(selector).forEach(start);
    if (started.size === 0) return;
    observer = new MutationObserver(records => {
        for (const record of records) {
            for (const node of record.addedNodes) {
                if (node.nodeType !== Node.ELEMENT_NODE) continue;
                if (node.matches(selector)) replaced(node);
                node.querySelectorAll(selector).forEach(replaced);
            }
        }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    // A page whose circuit never starts (or that is left) needs no watching for long.
    setTimeout(() => { observer?.disconnect(); observer = null; }, 60_000);
}

boot();
