// Frame requests of a viewport: the rendered-frame URL a view state needs (region, output size, window, rotation,
// flips, invert, format), fetching and decoding one frame, and the performance hook of the browser benchmark. Shared by
// the viewport (viewport.js, through its request loop) and the first-frame boot module (viewport-boot.js), so both
// ask for the same URL for the same state and the browser's cache serves the second ask.

/** JPEG quality while a drag is in progress. */
export const dragQuality = 70;

/**
 * Output size while a drag is in progress, as a fraction of the device-pixel size: a quarter of the pixels to render,
 * send and decode; the canvas scales it up, and the lossless full-size frame follows the release.
 */
export const dragScale = 0.5;

// Performance hook for the browser benchmark (PacsViewer.Benchmarks --viewer-compare; README "Viewer in a browser").
// Off unless the page defines window.__pvViewerStats = { wanted: new Map(), draws: [] } before the modules load.
// Then every view change records when its frame URL was first wanted (performance.now(), and stats.lastInput, the
// timeStamp of the latest input event if the page records one), and every draw pushes { url, wantedAt, inputAt,
// drawnAt } to stats.draws and calls stats.onDraw(record) if set. The URL identifies the state a drawn frame belongs to.
function statsHook() {
    return window.__pvViewerStats ?? null;
}

/** Records that the frame at <url> is wanted now (first time only). */
export function recordWanted(url) {
    const stats = statsHook();
    if (stats !== null && !stats.wanted.has(url)) {
        stats.wanted.set(url, { at: performance.now(), input: stats.lastInput ?? null });
    }
}

/** Records that the frame at <url> was drawn on a canvas now. */
export function recordDraw(url) {
    const stats = statsHook();
    if (stats !== null) {
        const wanted = stats.wanted.get(url);
        const record = { url, wantedAt: wanted?.at ?? null, inputAt: wanted?.input ?? null, drawnAt: performance.now() };
        stats.draws.push(record);
        stats.onDraw?.(record);
    }
}

function round(v) {
    return Math.round(v * 100) / 100;
}

/**
 * The request for image <index> of <stack> under <view> (a ViewTransform) on a canvas of width x height device
 * pixels, with state { window: {center, width} | null, invert }, or null when nothing of the image is visible.
 * JPEG (while dragging) is asked at dragScale of the device-pixel size and dragQuality.
 */
export function frameRequest(stack, index, view, width, height, state, format) {
    const image = stack?.images[index];
    if (!image) return null;
    const visible = view.visibleRegion(image.columns, image.rows, width, height);
    if (visible === null) return null;
    const scale = format === 'jpeg' ? dragScale : 1;
    const size = {
        width: Math.max(1, Math.round(visible.dest.width * scale)),
        height: Math.max(1, Math.round(visible.dest.height * scale)),
    };
    const e = encodeURIComponent;
    const query = new URLSearchParams();
    if (state.window !== null) {
        query.set('window', `${round(state.window.center)},${round(state.window.width)}`);
    }
    const region = visible.region;
    query.set('region', `${region.x},${region.y},${region.width},${region.height}`);
    query.set('size', `${size.width},${size.height}`);
    if (view.rotation !== 0) query.set('rotate', String(view.rotation));
    const flip = (view.flipH ? 'h' : '') + (view.flipV ? 'v' : '');
    if (flip) query.set('flip', flip);
    if (state.invert) query.set('invert', '1');
    query.set('format', format);
    if (format === 'jpeg') query.set('quality', String(dragQuality));
    return {
        url: `${stack.baseUrl}/series/${e(image.series ?? stack.series)}/instances/${e(image.sop)}/frames/${image.frame}/rendered?${query}`,
        index,
        image,
        region,
        rotation: view.rotation,
        flipH: view.flipH,
        flipV: view.flipV,
    };
}

/**
 * Fetches a rendered frame and decodes it (createImageBitmap). <priority> is the fetch priority hint: 'high' for
 * the frame the user waits for first, 'low' for prefetches. A failure is an Error with the server's problem detail.
 */
export async function fetchBitmap(url, priority = 'auto') {
    const response = await fetch(url, { credentials: 'same-origin', priority });
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

/** Paints <bitmap> showing <region> of its image under <view> on a black canvas (device pixels). */
export function drawFrame(context, view, bitmap, region) {
    const { width, height } = context.canvas;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    if (bitmap !== null) {
        const d = view.destinationOf(region, width, height);
        context.imageSmoothingEnabled = true;
        context.drawImage(bitmap, d.x, d.y, d.width, d.height);
    }
}
