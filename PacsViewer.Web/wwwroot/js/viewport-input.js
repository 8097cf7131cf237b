// Mouse, touch and keyboard bindings of a viewport. The help panel of the viewer page lists the same bindings
// (ViewerBindings.cs); keep the two in step.
//
// Left drag: the active tool (window/level by default). Right drag: zoom. Middle drag or Shift+left drag: pan.
// Wheel: next/previous slice; Ctrl+wheel: zoom at the pointer. Two-finger touch: pinch zoom and pan.

const measurementTools = new Set(['length', 'angle', 'rect', 'ellipse', 'arrow']);

/** Keys handled by the viewport itself; tool keys are sent to .NET so the toolbar shows the choice. */
const commandKeys = {
    'ArrowDown': 'next', 'ArrowRight': 'next', 'PageDown': 'next',
    'ArrowUp': 'previous', 'ArrowLeft': 'previous', 'PageUp': 'previous',
    'i': 'invert', 'r': 'rotateRight', 'R': 'rotateLeft', 'h': 'flipHorizontal', 'v': 'flipVertical',
    'f': 'fit', 'x': 'actualSize', '0': 'reset', ' ': 'cine',
};
const toolKeys = { 'w': 'window', 'z': 'zoom', 'p': 'pan', 's': 'scroll', 'l': 'length', 'a': 'angle', 'b': 'rect', 'e': 'ellipse', 't': 'arrow' };

export function installInput(vp) {
    const root = vp.root;
    const pointers = new Map();
    let drag = null;
    let pinch = null;
    let wheelAccumulator = 0;

    const modeOf = e => {
        if (e.pointerType === 'mouse') {
            if (e.button === 2) return 'zoom';
            if (e.button === 1 || (e.button === 0 && e.shiftKey)) return 'pan';
        }
        return vp.tool;
    };

    const zoomAt = (factor, px, py) => {
        const { width, height } = vp.canvas;
        const before = vp.view.toImage(px, py, width, height);
        vp.view.scale = Math.min(64, Math.max(0.02, vp.view.scale * factor));
        const after = vp.view.toImage(px, py, width, height);
        vp.view.centerX += before[0] - after[0];
        vp.view.centerY += before[1] - after[1];
        vp.fitMode = false;
    };

    const startWindowDrag = () => {
        const image = vp.image;
        if (!image || image.isColor) return null;
        const start = vp.effectiveWindow();
        if (start !== null) return { center: start.center, width: start.width };
        // No window in the file and none chosen: start from the frame's modality value range.
        const state = { center: null, width: null };
        const e = encodeURIComponent;
        fetch(`${vp.stack.baseUrl}/series/${e(image.series ?? vp.stack.series)}/instances/${e(image.sop)}/frames/${image.frame}/stats`
            + `?shape=rect&roi=0,0,${image.columns},${image.rows}`, { credentials: 'same-origin' })
            .then(r => r.ok ? r.json() : null)
            .then(s => {
                if (s) {
                    state.center = (s.min + s.max) / 2;
                    state.width = Math.max(1, s.max - s.min);
                }
            })
            .catch(() => { });
        return state;
    };

    const onPointerDown = e => {
        if (!vp.stack || e.target === vp.slider) return;
        root.focus({ preventScroll: true });
        vp.call('OnActivated', null);
        pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
        try {
            root.setPointerCapture(e.pointerId);
        } catch {
            // a synthetic or already released pointer: the drag still works while the pointer stays over the viewport
        }
        e.preventDefault();
        if (pointers.size === 2) {
            // Second finger: a pinch replaces whatever the first one started.
            drag = null;
            vp.cancelMeasurement();
            const [a, b] = [...pointers.values()];
            pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y), mid: [(a.x + b.x) / 2, (a.y + b.y) / 2] };
            vp.interacting = true;
            return;
        }
        if (pointers.size > 2) return;
        const mode = modeOf(e);
        const device = vp.devicePoint(e);
        drag = { mode, lastX: e.clientX, lastY: e.clientY, anchor: device, window: null, moved: 0 };
        if (measurementTools.has(mode)) {
            vp.beginMeasurement(mode, vp.imagePoint(e));
            return;
        }
        if (mode === 'window') {
            drag.window = startWindowDrag();
        }
        if (mode !== 'scroll') {
            vp.interacting = true;
        }
    };

    const onPointerMove = e => {
        if (!pointers.has(e.pointerId)) {
            if (vp.drawing && vp.drawing.kind === 'angle' && vp.drawing.points.length === 3) {
                vp.moveMeasurement(vp.imagePoint(e));
            }
            return;
        }
        pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
        if (pinch !== null && pointers.size >= 2) {
            const [a, b] = [...pointers.values()];
            const distance = Math.hypot(a.x - b.x, a.y - b.y);
            const mid = [(a.x + b.x) / 2, (a.y + b.y) / 2];
            const rect = vp.canvas.getBoundingClientRect();
            const ratio = vp.canvas.width / Math.max(1, rect.width);
            if (pinch.distance > 0) {
                zoomAt(distance / pinch.distance, (mid[0] - rect.left) * ratio, (mid[1] - rect.top) * ratio);
            }
            panBy((mid[0] - pinch.mid[0]) * ratio, (mid[1] - pinch.mid[1]) * ratio);
            pinch = { distance, mid };
            vp.changed(false);
            return;
        }
        if (drag === null) return;
        const dx = e.clientX - drag.lastX;
        const dy = e.clientY - drag.lastY;
        drag.lastX = e.clientX;
        drag.lastY = e.clientY;
        drag.moved += Math.abs(dx) + Math.abs(dy);
        const ratio = vp.canvas.width / Math.max(1, vp.canvas.getBoundingClientRect().width);
        switch (drag.mode) {
            case 'window': {
                const w = drag.window;
                if (w === null || w.width === null) return;
                // Right widens the window, down raises the level; the step grows with the width.
                const k = Math.max(0.1, w.width / 256);
                w.width = Math.max(1, w.width + dx * k);
                w.center = w.center + dy * k;
                vp.window = { center: w.center, width: w.width };
                break;
            }
            case 'zoom':
                zoomAt(Math.exp(-dy * 0.01), drag.anchor[0], drag.anchor[1]);
                break;
            case 'pan':
                panBy(dx * ratio, dy * ratio);
                break;
            case 'scroll':
                if (Math.abs(drag.moved) >= 8) {
                    drag.moved = 0;
                    vp.step(dy > 0 ? 1 : -1);
                }
                return;
            default:
                if (measurementTools.has(drag.mode)) {
                    vp.moveMeasurement(vp.imagePoint(e));
                }
                return;
        }
        vp.changed(false);
    };

    const panBy = (dxDevice, dyDevice) => {
        const { width, height } = vp.canvas;
        const a = vp.view.toImage(0, 0, width, height);
        const b = vp.view.toImage(dxDevice, dyDevice, width, height);
        vp.view.centerX -= b[0] - a[0];
        vp.view.centerY -= b[1] - a[1];
        vp.fitMode = false;
    };

    const onPointerUp = e => {
        if (!pointers.has(e.pointerId)) return;
        pointers.delete(e.pointerId);
        if (root.hasPointerCapture(e.pointerId)) root.releasePointerCapture(e.pointerId);
        if (pinch !== null) {
            if (pointers.size < 2) pinch = null;
            if (pointers.size === 0) {
                vp.interacting = false;
                vp.changed(true);
            }
            return;
        }
        if (drag !== null && measurementTools.has(drag.mode)) {
            vp.endMeasurement(vp.imagePoint(e));
        }
        drag = null;
        if (vp.interacting) {
            // Released: the lossless frame replaces the fast one.
            vp.interacting = false;
            vp.changed(true);
        }
    };

    const onWheel = e => {
        if (!vp.stack) return;
        e.preventDefault();
        const pixels = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
        if (e.ctrlKey) {
            const [x, y] = vp.devicePoint(e);
            zoomAt(Math.exp(-pixels * 0.0015), x, y);
            vp.changed(false);
            return;
        }
        wheelAccumulator += pixels;
        // One notch of a mouse wheel is about 100 pixels; a touchpad sends many small deltas.
        while (Math.abs(wheelAccumulator) >= 50) {
            const sign = Math.sign(wheelAccumulator);
            wheelAccumulator -= sign * Math.max(50, Math.min(Math.abs(wheelAccumulator), 100));
            vp.step(sign);
        }
    };

    const onKeyDown = e => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        if (e.key === 'Escape') {
            vp.cancelMeasurement();
            return;
        }
        const command = commandKeys[e.key];
        if (command !== undefined) {
            e.preventDefault();
            vp.command(command);
            return;
        }
        const tool = toolKeys[e.key];
        if (tool !== undefined) {
            e.preventDefault();
            vp.call('OnToolRequested', tool);
            return;
        }
        if (/^[1-9]$/.test(e.key)) {
            e.preventDefault();
            vp.call('OnPresetRequested', Number(e.key));
        }
    };

    const onContextMenu = e => e.preventDefault();

    root.addEventListener('pointerdown', onPointerDown);
    root.addEventListener('pointermove', onPointerMove);
    root.addEventListener('pointerup', onPointerUp);
    root.addEventListener('pointercancel', onPointerUp);
    root.addEventListener('wheel', onWheel, { passive: false });
    root.addEventListener('keydown', onKeyDown);
    root.addEventListener('contextmenu', onContextMenu);
    return () => {
        root.removeEventListener('pointerdown', onPointerDown);
        root.removeEventListener('pointermove', onPointerMove);
        root.removeEventListener('pointerup', onPointerUp);
        root.removeEventListener('pointercancel', onPointerUp);
        root.removeEventListener('wheel', onWheel);
        root.removeEventListener('keydown', onKeyDown);
        root.removeEventListener('contextmenu', onContextMenu);
    };
}
