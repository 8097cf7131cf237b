// Measurements of one viewport, kept in image coordinates (pixel columns and rows) of the frame they were drawn on, so
// they stay with their image while the view scrolls, zooms or rotates. Drawn into an SVG layer over the canvas.

const svgNs = 'http://www.w3.org/2000/svg';

/** Pixel Spacing (0028,0030) is row spacing then column spacing (PS3.3 10.7.1.3): [row, column] in mm. */
function spacingOf(image) {
    const s = image.pixelSpacing;
    return Array.isArray(s) && s.length === 2 && s[0] > 0 && s[1] > 0 ? { row: s[0], column: s[1] } : null;
}

function qualifier(image) {
    const kind = (image.pixelSpacingKind || '').toLowerCase();
    return kind.includes('imager') ? ' (imager)' : kind.includes('calibrat') ? ' (calibrated)' : '';
}

/** The length of a segment, in mm when the image has a pixel spacing, in pixels otherwise. */
export function measureLength(p0, p1, image) {
    const spacing = spacingOf(image);
    const dx = p1[0] - p0[0];
    const dy = p1[1] - p0[1];
    if (spacing === null) {
        const px = Math.hypot(dx, dy);
        return { value: px, unit: 'px', text: `${px.toFixed(1)} px` };
    }
    const mm = Math.hypot(dx * spacing.column, dy * spacing.row);
    return { value: mm, unit: 'mm', text: `${mm.toFixed(1)} mm${qualifier(image)}` };
}

/** The angle at vertex b between the arms to a and c, in degrees, measured in physical space. */
export function measureAngle(a, b, c, image) {
    const spacing = spacingOf(image) ?? { row: 1, column: 1 };
    const u = [(a[0] - b[0]) * spacing.column, (a[1] - b[1]) * spacing.row];
    const v = [(c[0] - b[0]) * spacing.column, (c[1] - b[1]) * spacing.row];
    const norm = Math.hypot(...u) * Math.hypot(...v);
    const degrees = norm === 0 ? 0 : Math.acos(Math.max(-1, Math.min(1, (u[0] * v[0] + u[1] * v[1]) / norm))) * 180 / Math.PI;
    return { value: degrees, unit: 'deg', text: `${degrees.toFixed(1)}°` };
}

/** The whole-pixel region of interest spanned by two corner points, clipped to the image. */
export function roiRegion(p0, p1, image) {
    const x0 = Math.max(0, Math.floor(Math.min(p0[0], p1[0])));
    const y0 = Math.max(0, Math.floor(Math.min(p0[1], p1[1])));
    const x1 = Math.min(image.columns, Math.ceil(Math.max(p0[0], p1[0])));
    const y1 = Math.min(image.rows, Math.ceil(Math.max(p0[1], p1[1])));
    return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** The label of region statistics: mean, standard deviation, min and max in modality units. */
export function statisticsText(stats) {
    const units = stats.units ? ` ${stats.units}` : '';
    const f = v => Number(v).toFixed(1);
    return `mean ${f(stats.mean)}${units} sd ${f(stats.stdDev)} min ${f(stats.min)} max ${f(stats.max)} (n ${stats.count})`;
}

function element(name, attributes) {
    const e = document.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attributes)) {
        e.setAttribute(k, String(v));
    }
    return e;
}

function label(group, x, y, text) {
    const t = element('text', { x: x + 6, y: y - 6, class: 'viewport-measurement-label' });
    t.textContent = text;
    group.appendChild(t);
}

/**
 * Redraws the SVG layer: every measurement of the shown frame plus the one being drawn.
 * @param toCss maps an image point to SVG (CSS pixel) coordinates.
 */
export function drawMeasurements(svg, items, toCss) {
    while (svg.firstChild) {
        svg.removeChild(svg.firstChild);
    }
    for (const m of items) {
        const g = element('g', { class: 'viewport-measurement', 'data-kind': m.kind, 'data-id': m.id });
        const pts = m.points.map(toCss);
        switch (m.kind) {
            case 'length':
                if (pts.length >= 2) {
                    g.appendChild(element('line', { x1: pts[0][0], y1: pts[0][1], x2: pts[1][0], y2: pts[1][1] }));
                    label(g, pts[1][0], pts[1][1], m.text ?? '');
                }
                break;
            case 'angle':
                if (pts.length >= 2) {
                    g.appendChild(element('polyline', { points: pts.map(p => p.join(',')).join(' '), fill: 'none' }));
                    label(g, pts[1][0], pts[1][1], m.text ?? '');
                }
                break;
            case 'rect':
            case 'ellipse': {
                if (pts.length < 2) break;
                const x = Math.min(pts[0][0], pts[1][0]);
                const y = Math.min(pts[0][1], pts[1][1]);
                const w = Math.abs(pts[1][0] - pts[0][0]);
                const h = Math.abs(pts[1][1] - pts[0][1]);
                g.appendChild(m.kind === 'rect'
                    ? element('rect', { x, y, width: w, height: h, fill: 'none' })
                    : element('ellipse', { cx: x + w / 2, cy: y + h / 2, rx: w / 2, ry: h / 2, fill: 'none' }));
                label(g, x + w, y, m.text ?? '');
                break;
            }
            case 'arrow':
                if (pts.length >= 2) {
                    const [tip, tail] = pts;
                    const angle = Math.atan2(tail[1] - tip[1], tail[0] - tip[0]);
                    const head = [angle - 0.4, angle + 0.4].map(a => [tip[0] + 12 * Math.cos(a), tip[1] + 12 * Math.sin(a)]);
                    g.appendChild(element('line', { x1: tip[0], y1: tip[1], x2: tail[0], y2: tail[1] }));
                    g.appendChild(element('polyline', { points: [head[0], tip, head[1]].map(p => p.join(',')).join(' '), fill: 'none' }));
                    label(g, tail[0], tail[1] + 16, m.text ?? '');
                }
                break;
        }
        svg.appendChild(g);
    }
}
