import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { photoImageUrl, toDisplayStroke, toSourcePoint, toSourceRadius, type BrushFrame } from './studioFormat.js';
import type { MaskStroke, Photo } from './types.js';

/** Colours of the overlays: the current mask in blue, added strokes in green, removed in red. */
const MASK_RGBA: [number, number, number, number] = [22, 119, 255, 110];
const STROKE_COLOURS = { add: 'rgba(82, 196, 26, 0.55)', remove: 'rgba(255, 77, 79, 0.55)' } as const;

/** A mask pixel at or above this grey level (of 255) belongs to the piece. */
const MASK_LEVEL = 128;

interface MaskBrushProps {
  photo: Photo;
  strokes: MaskStroke[];
  onStrokesChange: (strokes: MaskStroke[]) => void;
  mode: MaskStroke['mode'];
  /** Brush radius in CSS pixels of the displayed image. */
  radius: number;
}

/** Draws one stroke, given in CSS pixels, as a round-capped path or a dot. */
function drawStroke(context: CanvasRenderingContext2D, mode: MaskStroke['mode'], radius: number, points: [number, number][]) {
  context.strokeStyle = STROKE_COLOURS[mode];
  context.fillStyle = STROKE_COLOURS[mode];
  context.lineWidth = radius * 2;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  const [first, ...rest] = points;
  if (!first) return;
  if (rest.length === 0) {
    context.beginPath();
    context.arc(first[0], first[1], radius, 0, Math.PI * 2);
    context.fill();
    return;
  }
  context.beginPath();
  context.moveTo(first[0], first[1]);
  for (const [x, y] of rest) context.lineTo(x, y);
  context.stroke();
}

/**
 * The original's preview with the current mask as a translucent overlay and a canvas to
 * paint on. Each stroke is recorded in source pixels of the photo (the displayed size scaled
 * by the photo's width and height), which is what the pipeline's mask step expects.
 */
export function MaskBrush({ photo, strokes, onStrokesChange, mode, radius }: MaskBrushProps) {
  const { t } = useTranslation();
  const imageRef = useRef<HTMLImageElement>(null);
  const maskCanvas = useRef<HTMLCanvasElement>(null);
  const strokeCanvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<MaskStroke | null>(null);
  const [size, setSize] = useState<{ width: number; height: number }>();
  const sourceWidth = photo.width ?? 0;
  const sourceHeight = photo.height ?? 0;
  const frame: BrushFrame | undefined = size && sourceWidth > 0 && sourceHeight > 0 ? { displayWidth: size.width, displayHeight: size.height, sourceWidth, sourceHeight } : undefined;

  // The displayed size changes with the drawer's width, so it is measured, not assumed.
  useEffect(() => {
    const image = imageRef.current;
    if (!image) return;
    const measure = () => {
      if (image.clientWidth > 0 && image.clientHeight > 0) setSize({ width: image.clientWidth, height: image.clientHeight });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(image);
    return () => observer.disconnect();
  }, []);

  // The mask PNG is greyscale at source size: its piece pixels are painted in translucent
  // blue at display size, and its background pixels stay transparent.
  useEffect(() => {
    const canvas = maskCanvas.current;
    if (!canvas || !size) return;
    const mask = new Image();
    let cancelled = false;
    mask.onload = () => {
      if (cancelled) return;
      canvas.width = size.width;
      canvas.height = size.height;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return;
      context.drawImage(mask, 0, 0, size.width, size.height);
      const pixels = context.getImageData(0, 0, size.width, size.height);
      const data = pixels.data;
      for (let offset = 0; offset < data.length; offset += 4) {
        const inside = (data[offset] ?? 0) >= MASK_LEVEL;
        data[offset] = MASK_RGBA[0];
        data[offset + 1] = MASK_RGBA[1];
        data[offset + 2] = MASK_RGBA[2];
        data[offset + 3] = inside ? MASK_RGBA[3] : 0;
      }
      context.putImageData(pixels, 0, 0);
    };
    mask.src = photoImageUrl({ id: photo.id, version: photo.version }, 'mask');
    return () => {
      cancelled = true;
    };
    // A poll returns a new photo object, but only a new id or version changes the mask.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [photo.id, photo.version, size]);

  const redraw = useCallback(() => {
    const canvas = strokeCanvas.current;
    if (!canvas || !size || !frame) return;
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return;
    const all = drawing.current ? [...strokes, drawing.current] : strokes;
    for (const stroke of all) {
      const displayed = toDisplayStroke(stroke, frame);
      drawStroke(context, stroke.mode, displayed.radius, displayed.points);
    }
    // frame is derived from size and the photo's size, which the dependencies cover.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [strokes, size, sourceWidth, sourceHeight]);

  useEffect(redraw, [redraw]);

  const pointOf = (event: PointerEvent<HTMLCanvasElement>): [number, number] | undefined => {
    if (!frame) return undefined;
    const box = event.currentTarget.getBoundingClientRect();
    return toSourcePoint(event.clientX - box.left, event.clientY - box.top, frame);
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const point = pointOf(event);
    if (!point || !frame) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = { mode, radius: toSourceRadius(radius, frame), points: [point] };
    redraw();
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const point = pointOf(event);
    if (!point) return;
    const last = drawing.current.points[drawing.current.points.length - 1];
    // Points closer than a source pixel add nothing to the path.
    if (last && last[0] === point[0] && last[1] === point[1]) return;
    drawing.current.points.push(point);
    redraw();
  };

  const onPointerUp = () => {
    const finished = drawing.current;
    drawing.current = null;
    if (finished) onStrokesChange([...strokes, finished]);
  };

  return (
    <div style={{ position: 'relative', lineHeight: 0, maxWidth: 560, userSelect: 'none' }} data-testid="mask-brush">
      <img ref={imageRef} src={photoImageUrl(photo, 'original')} alt={t('photoStudio.brush.imageAlt')} style={{ width: '100%', display: 'block' }} draggable={false} />
      <canvas ref={maskCanvas} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }} data-testid="mask-overlay" />
      <canvas
        ref={strokeCanvas}
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', cursor: 'crosshair', touchAction: 'none' }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        aria-label={t('photoStudio.brush.canvasLabel')}
        data-testid="mask-canvas"
      />
    </div>
  );
}
