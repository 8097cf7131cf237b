// Reference lines: where the other viewports' current slices cut this viewport's image. The segments come from .NET
// (ViewportLinks, in image coordinates) and are drawn into the SVG layer through the view transform, so they follow
// zoom, pan, rotation and flips. One colour per source viewport.

const svgNs = 'http://www.w3.org/2000/svg';

/**
 * Appends one line per reference line to the SVG layer (after the measurements, which clear it).
 * @param toCss maps an image point to SVG (CSS pixel) coordinates.
 */
export function drawReferenceLines(svg, lines, toCss) {
    for (const l of lines) {
        const [a, b] = [toCss([l.x1, l.y1]), toCss([l.x2, l.y2])];
        const line = document.createElementNS(svgNs, 'line');
        const attributes = {
            x1: a[0], y1: a[1], x2: b[0], y2: b[1],
            class: 'viewport-reference-line', 'data-source': l.source, style: `stroke: ${l.color}`,
        };
        for (const [k, v] of Object.entries(attributes)) {
            line.setAttribute(k, String(v));
        }
        svg.appendChild(line);
    }
}
