// One diagnostic viewport: a canvas showing frames rendered by the server, drawn with createImageBitmap. Pixels never
// travel through the Blazor circuit. The seams: the request loop (viewport-requests.js: newest state only, bounded
// requests in flight, prefetch, LRU of decoded frames), the frame URL of a view state and the benchmark's hook
// (viewport-frames.js), cine (viewport-cine.js), the state reports to .NET (viewport-reports.js), input
// (viewport-input.js), the view transform (viewport-view.js) and measurement drawing (viewport-measurements.js).
// This module holds the view state, paints, and takes over the first frame the boot module (viewport-boot.js) put on
// the prerendered canvas, so that frame is neither requested again nor blanked when the circuit starts.

import { ViewTransform } from './viewport-view.js';
import { installInput } from './viewport-input.js';
import { drawReferenceLines } from './viewport-reference-lines.js';
import { drawMeasurements, measureAngle, measureLength, roiRegion, statisticsText } from './viewport-measurements.js';
import { drawFrame, frameRequest, recordDraw, recordWanted } from './viewport-frames.js';
import { RequestLoop } from './viewport-requests.js';
import { Cine } from './viewport-cine.js';
import { StateReporter } from './viewport-reports.js';

let measurementCounter = 0;

class Viewport {
    constructor(root, dotnet) {
        this.root = root;
        this.dotnet = dotnet;
        this.canvas = root.querySelector('canvas');
        this.svg = root.querySelector('svg');
        this.slider = root.querySelector('input[type=range]');
        this.context = this.canvas.getContext('2d');
        this.view = new ViewTransform();
        this.stack = null;
        this.index = 0;
        this.window = null;
        this.invert = false;
        this.fitMode = true;
        this.interacting = false;
        this.tool = 'window';
        this.measurements = [];
        this.referenceLines = { image: null, lines: [] };
        this.drawing = null;
        this.shown = null;
        this.generation = 0;
        this.direction = 1;
        this.paintPending = false;
        this.paintedKey = null;
        this.disposed = false;
        this.requests = new RequestLoop(this);
        this.cine = new Cine(this);
        this.reports = new StateReporter(this);
        // The first frame the boot module fetched (or is fetching) for this canvas, taken over by the first setStack.
        this.early = this.canvas.__pvEarlyFrame ?? null;
        this.canvas.__pvLive = true; // the boot module leaves a live viewport's canvas alone
        this.resizeObserver = new ResizeObserver(() => this.resize());
        this.resizeObserver.observe(root);
        this.removeInput = installInput(this);
        if (this.slider) {
            this.slider.addEventListener('input', () => this.goTo(Number(this.slider.value)));
        }
        this.resize();
    }

    get cache() {
        return this.requests.cache;
    }

    // ---- commands from .NET ----

    setStack(stack) {
        this.stopCine();
        this.generation++;
        this.stack = stack;
        this.index = Math.min(Math.max(0, stack.startIndex ?? 0), Math.max(0, stack.images.length - 1));
        this.window = null;
        this.invert = false;
        this.view = new ViewTransform();
        this.fitMode = true;
        this.shown = null;
        this.drawing = null;
        this.paintedKey = null; // a new stack is painted at once, even under the same view
        this.requests.reset();
        this.canvas.dataset.frame = '';
        this.cine.fps = stack.fps > 0 ? stack.fps : 10;
        if (this.slider) {
            this.slider.min = '0';
            this.slider.max = String(Math.max(0, stack.images.length - 1));
            this.slider.value = String(this.index);
        }
        this.refit();
        this.adoptEarlyFrame();
        this.reportError(null);
        this.changed(true);
    }

    /**
     * Takes over the boot module's first frame when it is of the image shown now: drawn already, it becomes the shown
     * frame at once; still on its way, the request loop waits for it instead of asking again.
     */
    adoptEarlyFrame() {
        const early = this.early;
        this.early = null;
        const image = this.image;
        if (early === null) return;
        const want = this.desired();
        let owned = false;
        if (image !== null && early.want.image.sop === image.sop && early.want.image.frame === image.frame) {
            if (early.bitmap !== null) {
                // Even when the canvas size changed since (the URL differs), the frame stays on screen until the new one is drawn.
                this.shown = { ...early.want, bitmap: early.bitmap };
                owned = true;
                if (want !== null && want.url === early.want.url) {
                    this.canvas.dataset.frame = `${image.sop}:${image.frame}`;
                }
            } else if (want !== null && want.url === early.want.url) {
                this.requests.adopt(early.want.url, early.promise);
                owned = true;
            }
        }
        early.adopt(owned);
    }

    setTool(tool) {
        this.tool = tool;
        this.root.dataset.tool = tool;
        this.drawing = null;
        this.schedulePaint();
    }

    setWindow(center, width) {
        if (width >= 1) {
            this.window = { center, width };
            this.changed(true);
        }
    }

    command(name) {
        const v = this.view;
        switch (name) {
            case 'invert': this.invert = !this.invert; break;
            case 'rotateRight': v.rotation = (v.rotation + 90) % 360; break;
            case 'rotateLeft': v.rotation = (v.rotation + 270) % 360; break;
            case 'flipHorizontal': v.flipH = !v.flipH; break;
            case 'flipVertical': v.flipV = !v.flipV; break;
            case 'fit': this.fitMode = true; break;
            case 'actualSize': this.fitMode = false; v.scale = 1; break;
            case 'reset':
                this.window = null;
                this.invert = false;
                this.view = new ViewTransform();
                this.fitMode = true;
                break;
            case 'cine': this.cine.running ? this.stopCine() : this.startCine(); break;
            case 'next': this.step(1); return;
            case 'previous': this.step(-1); return;
            default: return;
        }
        if (this.fitMode) {
            this.refit();
        }
        this.changed(true);
    }

    setCineRate(fps) {
        this.cine.setRate(fps);
        this.report(true);
    }

    /** Lines of the other viewports' slices, for the image "SOP:frame" they were computed on (image coordinates). */
    setReferenceLines(referenceLines) {
        this.referenceLines = { image: referenceLines?.image ?? null, lines: referenceLines?.lines ?? [] };
        this.schedulePaint();
    }

    removeMeasurement(id) {
        this.measurements = this.measurements.filter(m => m.id !== id);
        this.schedulePaint();
    }

    dispose() {
        this.disposed = true;
        this.stopCine();
        this.resizeObserver.disconnect();
        this.removeInput();
        this.reports.cancel();
        this.requests.reset();
        this.shown?.bitmap.close();
        this.shown = null;
    }

    // ---- navigation ----

    get image() {
        return this.stack?.images[this.index] ?? null;
    }

    step(delta) {
        if (!this.stack || this.stack.images.length === 0) return;
        this.direction = delta < 0 ? -1 : 1;
        this.goTo(this.index + delta);
    }

    goTo(index) {
        if (!this.stack) return;
        const clamped = Math.min(Math.max(0, index), this.stack.images.length - 1);
        if (clamped !== this.index) {
            this.direction = clamped < this.index ? -1 : 1;
            this.index = clamped;
            this.drawing = null;
            this.changed(false);
        }
    }

    startCine() {
        this.direction = 1;
        if (this.cine.start()) {
            this.report(true);
        }
    }

    stopCine() {
        if (this.cine.stop()) {
            this.report(true);
        }
    }

    // ---- geometry ----

    resize() {
        const dpr = window.devicePixelRatio || 1;
        const width = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
        const height = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
        if (width !== this.canvas.width || height !== this.canvas.height) {
            this.canvas.width = width;
            this.canvas.height = height;
            if (this.fitMode) {
                this.refit();
            }
            this.changed(false);
        }
    }

    refit() {
        const image = this.image;
        if (image) {
            this.view.fit(image.columns, image.rows, this.canvas.width, this.canvas.height);
        }
    }

    /** A pointer event's position on the canvas in device pixels. */
    devicePoint(e) {
        const rect = this.canvas.getBoundingClientRect();
        const sx = this.canvas.width / Math.max(1, rect.width);
        const sy = this.canvas.height / Math.max(1, rect.height);
        return [(e.clientX - rect.left) * sx, (e.clientY - rect.top) * sy];
    }

    imagePoint(e) {
        const [x, y] = this.devicePoint(e);
        return this.view.toImage(x, y, this.canvas.width, this.canvas.height);
    }

    // ---- view state and requests ----

    /** Called after any change of view state: paint what we have at once, then fetch what is missing. */
    changed(reportNow) {
        const want = this.desired();
        if (want !== null) {
            recordWanted(want.url);
        }
        if (this.slider && this.stack) {
            this.slider.value = String(this.index);
        }
        // A change of window or invert alone shows nothing new until its frame arrives: no repaint of the old one
        // (which would take the main thread from the draw that matters during a window/level drag).
        if (this.paintKey() !== this.paintedKey) {
            this.schedulePaint();
        }
        this.requests.pump();
        this.report(reportNow);
    }

    /** The request the current state needs for the image at <index>, or null when nothing is visible. */
    desired(index = this.index, format = this.interacting ? 'jpeg' : 'png') {
        return frameRequest(this.stack, index, this.view, this.canvas.width, this.canvas.height,
            { window: this.window, invert: this.invert }, format);
    }

    show(bitmap, want) {
        if (this.shown !== null && this.shown.bitmap !== bitmap && !this.cache.has(this.shown.url)) {
            this.shown.bitmap.close();
        }
        this.shown = { bitmap, ...want };
        this.paint();
        if (this.error) {
            this.reportError(null);
        }
        this.canvas.dataset.frame = `${want.image.sop}:${want.image.frame}`;
        recordDraw(want.url);
        this.report(false);
    }

    // ---- painting ----

    schedulePaint() {
        if (!this.paintPending) {
            this.paintPending = true;
            requestAnimationFrame(() => {
                this.paintPending = false;
                this.paint();
            });
        }
    }

    /** What a paint of the shown frame depends on besides the frame itself: the image, the view and the canvas size. */
    paintKey() {
        const v = this.view;
        return `${this.index}|${v.centerX}|${v.centerY}|${v.scale}|${v.rotation}|${v.flipH}|${v.flipV}|${this.canvas.width}|${this.canvas.height}`;
    }

    paint() {
        this.paintedKey = this.paintKey();
        const s = this.shown;
        // Until the new frame arrives, the last one is drawn under the current zoom and pan, so dragging feels local.
        const fits = s !== null && s.rotation === this.view.rotation && s.flipH === this.view.flipH && s.flipV === this.view.flipV;
        drawFrame(this.context, this.view, fits ? s.bitmap : null, fits ? s.region : null);
        this.paintMeasurements();
    }

    paintMeasurements() {
        if (!this.svg) return;
        const image = this.image;
        const dpr = this.canvas.width / Math.max(1, this.canvas.clientWidth);
        const toCss = p => {
            const [x, y] = this.view.toCanvas(p[0], p[1], this.canvas.width, this.canvas.height);
            return [x / dpr, y / dpr];
        };
        const onImage = image === null ? [] : this.measurements.filter(m => m.sop === image.sop && m.frame === image.frame);
        drawMeasurements(this.svg, this.drawing ? [...onImage, this.drawing] : onImage, toCss);
        const key = image === null ? null : `${image.sop}:${image.frame}`;
        const lines = key !== null && this.referenceLines.image === key ? this.referenceLines.lines : [];
        drawReferenceLines(this.svg, lines, toCss);
        this.canvas.dataset.referenceLines = String(lines.length);
    }

    // ---- measurements ----

    beginMeasurement(kind, point) {
        const image = this.image;
        if (!image) return;
        if (this.drawing && this.drawing.kind === 'angle' && this.drawing.points.length === 3) {
            this.drawing.points[2] = point;
            this.finishMeasurement();
            return;
        }
        measurementCounter++;
        this.drawing = {
            id: `m${Date.now().toString(36)}${measurementCounter}`,
            kind,
            sop: image.sop,
            series: image.series ?? this.stack.series,
            frame: image.frame,
            points: [point, point],
            text: '',
        };
        this.schedulePaint();
    }

    moveMeasurement(point) {
        if (!this.drawing) return;
        const d = this.drawing;
        d.points[d.points.length - 1] = point;
        const image = this.image;
        if (d.kind === 'length') d.text = measureLength(d.points[0], d.points[1], image).text;
        if (d.kind === 'angle' && d.points.length === 3) d.text = measureAngle(d.points[0], d.points[1], d.points[2], image).text;
        this.schedulePaint();
    }

    endMeasurement(point) {
        const d = this.drawing;
        if (!d) return;
        d.points[d.points.length - 1] = point;
        if (d.kind === 'angle' && d.points.length === 2) {
            d.points.push(point); // the first arm is drawn; a click places the second
            this.schedulePaint();
            return;
        }
        if (d.kind !== 'angle') {
            this.finishMeasurement();
        }
    }

    cancelMeasurement() {
        this.drawing = null;
        this.schedulePaint();
    }

    async finishMeasurement() {
        const d = this.drawing;
        this.drawing = null;
        const image = this.image;
        const [p0, p1] = d.points;
        if (Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) < 0.5 && d.kind !== 'angle') {
            this.schedulePaint();
            return;
        }
        let result = null;
        switch (d.kind) {
            case 'length': result = measureLength(p0, p1, image); break;
            case 'angle': result = measureAngle(d.points[0], d.points[1], d.points[2], image); break;
            case 'arrow': {
                // Typed in the viewport's own field (Viewport.razor); null when cancelled. The arrow stays drawn meanwhile.
                this.drawing = d;
                const text = await this.dotnet.invokeMethodAsync('OnAnnotationTextRequested').catch(() => null);
                if (this.drawing === d) this.drawing = null;
                if (typeof text !== 'string') { this.schedulePaint(); return; }
                result = { value: null, unit: '', text: text.trim() || 'Note' };
                break;
            }
            case 'rect':
            case 'ellipse':
                result = await this.regionStatistics(d.kind, p0, p1, image);
                break;
        }
        const measurement = { ...d, text: result.text, value: result.value, unit: result.unit };
        this.measurements.push(measurement);
        this.schedulePaint();
        this.call('OnMeasurementAdded', {
            id: measurement.id,
            kind: measurement.kind,
            seriesInstanceUid: measurement.series,
            sopInstanceUid: measurement.sop,
            frame: measurement.frame,
            text: measurement.text,
            value: measurement.value,
            unit: measurement.unit,
            points: measurement.points.map(p => [round(p[0]), round(p[1])]),
        });
    }

    async regionStatistics(shape, p0, p1, image) {
        const region = roiRegion(p0, p1, image);
        if (region === null) {
            return { value: null, unit: '', text: 'outside the image' };
        }
        const e = encodeURIComponent;
        const url = `${this.stack.baseUrl}/series/${e(image.series ?? this.stack.series)}/instances/${e(image.sop)}/frames/${image.frame}/stats`
            + `?shape=${shape}&roi=${region.x},${region.y},${region.width},${region.height}`;
        try {
            const response = await fetch(url, { credentials: 'same-origin' });
            const body = await response.json();
            if (!response.ok) {
                return { value: null, unit: '', text: body.detail || body.title || `statistics failed (${response.status})` };
            }
            return { value: body.mean, unit: body.units || '', text: statisticsText(body) };
        } catch (error) {
            return { value: null, unit: '', text: `statistics failed: ${error.message}` };
        }
    }

    // ---- reports to .NET ----

    /** The window shown: the one set by the user, else the file's first, else none (the server chooses). */
    effectiveWindow() {
        if (this.window !== null) return this.window;
        const w = this.image?.windows?.[0];
        return w ? { center: w.center, width: w.width } : null;
    }

    report(now) {
        this.reports.report(now);
    }

    reportError(message) {
        this.error = message;
        this.call('OnViewportError', message);
    }

    call(method, arg) {
        if (!this.disposed) {
            this.dotnet.invokeMethodAsync(method, arg).catch(() => {
                // the circuit is gone (page left or reconnecting): the viewport keeps working on its own
            });
        }
    }
}

function round(v) {
    return Math.round(v * 100) / 100;
}

/** Creates the viewport for a root element holding a canvas, an SVG layer and optionally a range input. */
export function createViewport(root, dotnet) {
    const v = new Viewport(root, dotnet);
    // Plain functions, so .NET can call them on the IJSObjectReference whatever `this` binding the interop uses.
    return {
        setStack: stack => v.setStack(stack),
        setTool: tool => v.setTool(tool),
        setWindow: (center, width) => v.setWindow(center, width),
        command: name => v.command(name),
        setCineRate: fps => v.setCineRate(fps),
        goTo: index => v.goTo(index),
        setReferenceLines: lines => v.setReferenceLines(lines),
        removeMeasurement: id => v.removeMeasurement(id),
        dispose: () => v.dispose(),
    };
}
