// One diagnostic viewport: a canvas showing frames rendered by the server, drawn with createImageBitmap. This module
// owns the request loop (pixels never travel through the Blazor circuit): it coalesces input into the newest view
// state, keeps at most one frame request (two during a drag; a late older frame is dropped) plus one prefetch in
// flight, never asks twice for a frame already on its way, asks for JPEG while a drag is in progress and
// PNG once it ends, renders at the canvas's device-pixel size, and keeps recently decoded frames in a small LRU.
// Small state reports (slice, window, zoom) go to .NET through a DotNetObjectReference, throttled.

import { BitmapCache } from './bitmap-cache.js';
import { ViewTransform } from './viewport-view.js';
import { installInput } from './viewport-input.js';
import { drawReferenceLines } from './viewport-reference-lines.js';
import { drawMeasurements, measureAngle, measureLength, roiRegion, statisticsText } from './viewport-measurements.js';

const reportIntervalMs = 100;
const prefetchAhead = 6;
const prefetchBehind = 2;
const cacheCapacity = 40;
const dragQuality = 80;

let measurementCounter = 0;

// Performance hook for the browser benchmark (PacsViewer.Benchmarks --viewer-compare; README "Viewer in a browser").
// Off unless the page defines window.__pvViewerStats = { wanted: new Map(), draws: [] } before this module loads.
// Then every view change records when its frame URL was first wanted (performance.now(), and stats.lastInput, the
// timeStamp of the latest input event if the page records one), and every draw pushes { url, wantedAt, inputAt,
// drawnAt } to stats.draws and calls stats.onDraw(record) if set. The URL identifies the state a drawn frame belongs to.
function statsHook() {
    return window.__pvViewerStats ?? null;
}

class Viewport {
    constructor(root, dotnet) {
        this.root = root;
        this.dotnet = dotnet;
        this.canvas = root.querySelector('canvas');
        this.svg = root.querySelector('svg');
        this.slider = root.querySelector('input[type=range]');
        this.context = this.canvas.getContext('2d');
        this.view = new ViewTransform();
        this.cache = new BitmapCache(cacheCapacity, b => this.shown !== null && this.shown.bitmap === b);
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
        this.inFlight = new Set(); // URLs of the frame requests under way (prefetch excluded)
        this.requested = 0;        // sequence number of the last frame request sent
        this.shownRequest = 0;     // sequence number of the request whose frame is shown
        this.prefetching = null;   // URL of the prefetch under way, or null
        this.failedUrl = null;
        this.generation = 0;
        this.direction = 1;
        this.cineTimer = null;
        this.fps = 10;
        this.reportTimer = null;
        this.lastReport = 0;
        this.paintPending = false;
        this.disposed = false;
        this.resizeObserver = new ResizeObserver(() => this.resize());
        this.resizeObserver.observe(root);
        this.removeInput = installInput(this);
        if (this.slider) {
            this.slider.addEventListener('input', () => this.goTo(Number(this.slider.value)));
        }
        this.resize();
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
        this.failedUrl = null;
        this.drawing = null;
        this.cache.clear();
        this.canvas.dataset.frame = '';
        this.fps = stack.fps > 0 ? stack.fps : 10;
        if (this.slider) {
            this.slider.min = '0';
            this.slider.max = String(Math.max(0, stack.images.length - 1));
            this.slider.value = String(this.index);
        }
        this.refit();
        this.reportError(null);
        this.changed(true);
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
            case 'cine': this.cineTimer === null ? this.startCine() : this.stopCine(); break;
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
        this.fps = Math.min(120, Math.max(1, fps));
        if (this.cineTimer !== null) {
            this.stopCine();
            this.startCine();
        }
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
        clearTimeout(this.reportTimer);
        this.cache.clear();
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
        if (!this.stack || this.stack.images.length < 2) return;
        this.stopCine();
        this.direction = 1;
        // A frame is only advanced once the current one is on screen, so cine never skips frames.
        this.cineTimer = setInterval(() => {
            const want = this.desired();
            if (want !== null && this.shown !== null && this.shown.url === want.url) {
                this.index = (this.index + 1) % this.stack.images.length;
                this.changed(false);
            }
        }, 1000 / this.fps);
        this.report(true);
    }

    stopCine() {
        if (this.cineTimer !== null) {
            clearInterval(this.cineTimer);
            this.cineTimer = null;
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

    // ---- the request loop ----

    /** Called after any change of view state: paint what we have at once, then fetch what is missing. */
    changed(reportNow) {
        const stats = statsHook();
        if (stats !== null) {
            const want = this.desired();
            if (want !== null && !stats.wanted.has(want.url)) {
                stats.wanted.set(want.url, { at: performance.now(), input: stats.lastInput ?? null });
            }
        }
        if (this.slider && this.stack) {
            this.slider.value = String(this.index);
        }
        this.schedulePaint();
        this.pump();
        this.report(reportNow);
    }

    frameUrl(image, region, size, format) {
        const s = this.stack;
        const e = encodeURIComponent;
        const query = new URLSearchParams();
        if (this.window !== null) {
            query.set('window', `${round(this.window.center)},${round(this.window.width)}`);
        }
        query.set('region', `${region.x},${region.y},${region.width},${region.height}`);
        query.set('size', `${size.width},${size.height}`);
        if (this.view.rotation !== 0) query.set('rotate', String(this.view.rotation));
        const flip = (this.view.flipH ? 'h' : '') + (this.view.flipV ? 'v' : '');
        if (flip) query.set('flip', flip);
        if (this.invert) query.set('invert', '1');
        query.set('format', format);
        if (format === 'jpeg') query.set('quality', String(dragQuality));
        return `${s.baseUrl}/series/${e(image.series ?? s.series)}/instances/${e(image.sop)}/frames/${image.frame}/rendered?${query}`;
    }

    /** The request the current state needs for the image at <index>, or null when nothing is visible. */
    desired(index = this.index, format = this.interacting ? 'jpeg' : 'png') {
        const image = this.stack?.images[index];
        if (!image) return null;
        const { width, height } = this.canvas;
        const visible = this.view.visibleRegion(image.columns, image.rows, width, height);
        if (visible === null) return null;
        const size = { width: Math.max(1, Math.round(visible.dest.width)), height: Math.max(1, Math.round(visible.dest.height)) };
        return {
            url: this.frameUrl(image, visible.region, size, format),
            index,
            image,
            region: visible.region,
            rotation: this.view.rotation,
            flipH: this.view.flipH,
            flipV: this.view.flipV,
        };
    }

    async pump() {
        // While a drag is in progress a second request may go out before the first returns, so the newest state does
        // not wait a whole round trip behind an older one; otherwise one at a time.
        if (this.inFlight.size >= (this.interacting ? 2 : 1) || this.disposed) return;
        const want = this.desired();
        if (want === null || (this.shown !== null && this.shown.url === want.url) || want.url === this.failedUrl
            || this.inFlight.has(want.url) || want.url === this.prefetching) {
            return; // shown, failed, or on its way (a prefetch that lands pumps again)
        }
        const cached = this.cache.get(want.url);
        if (cached !== undefined) {
            this.shownRequest = ++this.requested;
            this.show(cached, want);
            this.prefetch();
            return;
        }
        const sequence = ++this.requested;
        this.inFlight.add(want.url);
        const generation = this.generation;
        try {
            const bitmap = await this.fetchBitmap(want.url);
            if (generation !== this.generation || this.disposed || sequence < this.shownRequest) {
                bitmap.close(); // reset, or a newer request's frame is already shown
            } else {
                if (!want.url.includes('format=jpeg')) {
                    this.cache.set(want.url, bitmap);
                }
                this.failedUrl = null;
                this.shownRequest = sequence;
                this.show(bitmap, want);
            }
        } catch (error) {
            if (generation === this.generation && sequence >= this.shownRequest) {
                this.failedUrl = want.url;
                this.reportError(error.message || String(error));
            }
        } finally {
            this.inFlight.delete(want.url);
        }
        // Input that arrived during the flight is served now, with only its newest state.
        this.pump();
        this.prefetch();
    }

    async fetchBitmap(url) {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) {
            let detail = `${response.status} ${response.statusText}`;
            try {
                const problem = await response.json();
                detail = problem.detail || problem.title || detail;
            } catch {
                // not ProblemDetails JSON: keep the status line
            }
            throw new Error(detail);
        }
        return await createImageBitmap(await response.blob());
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
        const stats = statsHook();
        if (stats !== null) {
            const wanted = stats.wanted.get(want.url);
            const record = { url: want.url, wantedAt: wanted?.at ?? null, inputAt: wanted?.input ?? null, drawnAt: performance.now() };
            stats.draws.push(record);
            stats.onDraw?.(record);
        }
        this.report(false);
    }

    /** Fetches and decodes neighbouring slices in the scroll direction, one at a time, into the LRU. */
    async prefetch() {
        if (this.prefetching || this.interacting || this.disposed || !this.stack) return;
        const order = [];
        for (let i = 1; i <= prefetchAhead; i++) order.push(this.index + this.direction * i);
        for (let i = 1; i <= prefetchBehind; i++) order.push(this.index - this.direction * i);
        const count = this.stack.images.length;
        const next = order
            .map(i => this.cineTimer !== null ? ((i % count) + count) % count : i)
            .filter(i => i >= 0 && i < count && i !== this.index)
            .map(i => this.desired(i, 'png'))
            .find(w => w !== null && !this.cache.has(w.url));
        if (next === undefined) return;
        this.prefetching = next.url;
        const generation = this.generation;
        try {
            const bitmap = await this.fetchBitmap(next.url);
            if (generation === this.generation && !this.disposed) {
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

    paint() {
        const { width, height } = this.canvas;
        const ctx = this.context;
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, width, height);
        const s = this.shown;
        // Until the new frame arrives, the last one is drawn under the current zoom and pan, so dragging feels local.
        if (s !== null && s.rotation === this.view.rotation && s.flipH === this.view.flipH && s.flipV === this.view.flipV) {
            const d = this.view.destinationOf(s.region, width, height);
            ctx.imageSmoothingEnabled = true;
            ctx.drawImage(s.bitmap, d.x, d.y, d.width, d.height);
        }
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
        if (!this.stack) return;
        const due = this.lastReport + reportIntervalMs - performance.now();
        clearTimeout(this.reportTimer);
        if (now || due <= 0) {
            this.sendReport();
        } else {
            this.reportTimer = setTimeout(() => this.sendReport(), due);
        }
    }

    sendReport() {
        this.lastReport = performance.now();
        const image = this.image;
        const w = this.effectiveWindow();
        this.call('OnViewportState', {
            index: this.index,
            count: this.stack?.images.length ?? 0,
            sopInstanceUid: image?.sop ?? null,
            frame: image?.frame ?? 0,
            windowCenter: w === null ? null : round(w.center),
            windowWidth: w === null ? null : round(w.width),
            zoom: Math.round(this.view.scale * 1000) / 1000,
            rotation: this.view.rotation,
            flipHorizontal: this.view.flipH,
            flipVertical: this.view.flipV,
            invert: this.invert,
            cine: this.cineTimer !== null,
            framesPerSecond: this.fps,
        });
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
