/**
 * Draggable handles for working orders on the chart. The chart library's price lines cannot be dragged, so each
 * order gets a small button in an overlay at its line's height; dragging it previews the new price on the line and
 * releasing it asks for the move (an amend of the price or stop price). Escape or a lost pointer puts the line back.
 */
import type { Side } from '../../../workers/protocol/messages.js';

/** An order as its handle shows it. */
export interface HandleOrder {
  id: string;
  side: Side;
  /** The order's level, ticks: its limit price, or a waiting stop's stop price. */
  price: number;
  /** Short text on the handle, e.g. "B 0.010". */
  label: string;
  /** Accessible name, e.g. "Move buy order 0.010 at 64000.5". */
  name: string;
}

/** What the handles need from the chart. */
export interface HandleHost {
  /** Height in the overlay (px) of a price in ticks, or null if off the scale. */
  priceToY(price: number): number | null;
  /** Price in ticks at a height in the overlay, or undefined. */
  yToPrice(y: number): number | undefined;
  /** Shows the order's line at `price` while dragging, or back at its own price (undefined). */
  preview(id: string, price: number | undefined): void;
  /** The user dropped the order at `price`. */
  commit(id: string, price: number): void;
}

interface Handle {
  element: HTMLButtonElement;
  order: HandleOrder;
  /** Price shown while dragging. */
  dragPrice: number | undefined;
  /** Which edge the handle is pinned to while its line is off the visible prices. */
  edge: 'above' | 'below' | undefined;
}

const HALF_HEIGHT = 9;

export class OrderHandles {
  readonly #layer: HTMLElement;
  readonly #host: HandleHost;
  readonly #handles = new Map<string, Handle>();

  /** The layer's height, kept by a ResizeObserver: reading it each frame would force a layout after the DOM changed. */
  #height = 0;
  readonly #resize: ResizeObserver;

  constructor(layer: HTMLElement, host: HandleHost) {
    this.#layer = layer;
    this.#host = host;
    this.#height = layer.clientHeight;
    this.#resize = new ResizeObserver(() => {
      this.#height = layer.clientHeight;
      this.reposition();
    });
    this.#resize.observe(layer);
  }

  /** Shows a handle per order; handles of orders no longer given are removed. */
  set(orders: readonly HandleOrder[]): void {
    const keep = new Set(orders.map((order) => order.id));
    for (const [id, handle] of this.#handles) {
      if (keep.has(id)) continue;
      handle.element.remove();
      this.#handles.delete(id);
    }
    for (const order of orders) {
      const known = this.#handles.get(order.id);
      if (known !== undefined) {
        known.order = order;
        // A dropped order's preview lasts until the host's next word on the orders.
        if (!known.element.classList.contains('dragging')) known.dragPrice = undefined;
        this.#label(known);
      } else this.#handles.set(order.id, this.#create(order));
    }
    this.reposition();
  }

  /**
   * Puts every handle at its line's height (after a scroll, zoom, resize or new data). A line above or below the
   * visible prices keeps its handle pinned to that edge, marked with an arrow, so a far stop can still be grabbed and
   * pulled into view.
   */
  reposition(): void {
    if (this.#handles.size === 0) return;
    const height = this.#height;
    for (const handle of this.#handles.values()) {
      const y = this.#host.priceToY(handle.dragPrice ?? handle.order.price);
      handle.element.hidden = y === null;
      if (y === null) continue;
      const edge = height > 0 && y < HALF_HEIGHT ? 'above' : height > 0 && y > height - HALF_HEIGHT ? 'below' : undefined;
      const shown = edge === 'above' ? HALF_HEIGHT : edge === 'below' ? height - HALF_HEIGHT : y;
      handle.element.style.transform = `translateY(${Math.round(shown - HALF_HEIGHT)}px)`;
      if (handle.edge !== edge) {
        handle.edge = edge;
        this.#label(handle);
      }
    }
  }

  dispose(): void {
    this.#resize.disconnect();
    for (const handle of this.#handles.values()) handle.element.remove();
    this.#handles.clear();
  }

  #create(order: HandleOrder): Handle {
    const element = document.createElement('button');
    element.type = 'button';
    element.tabIndex = -1;
    element.className = 'order-handle';
    const handle: Handle = { element, order, dragPrice: undefined, edge: undefined };
    this.#label(handle);
    element.addEventListener('pointerdown', (event) => this.#startDrag(handle, event));
    this.#layer.append(element);
    return handle;
  }

  #label(handle: Handle): void {
    const { element, order } = handle;
    element.textContent = `${order.label} ${handle.edge === 'above' ? '▲' : handle.edge === 'below' ? '▼' : '⇕'}`;
    element.setAttribute('aria-label', order.name);
    element.classList.toggle('buy', order.side === 'buy');
    element.classList.toggle('sell', order.side === 'sell');
  }

  #startDrag(handle: Handle, event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    const { element } = handle;
    element.setPointerCapture(event.pointerId);
    element.classList.add('dragging');
    const top = this.#layer.getBoundingClientRect().top;
    const move = (next: PointerEvent): void => {
      const price = this.#host.yToPrice(next.clientY - top);
      if (price === undefined || price <= 0) return;
      handle.dragPrice = price;
      this.#host.preview(handle.order.id, price);
      this.reposition();
    };
    const finish = (commit: boolean): void => {
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey, true);
      element.classList.remove('dragging');
      const price = handle.dragPrice;
      handle.dragPrice = undefined;
      if (commit && price !== undefined && price !== handle.order.price) {
        // Keep the preview until the host's answer replaces the order (or the next update puts it back).
        handle.dragPrice = price;
        this.#host.commit(handle.order.id, price);
      } else this.#host.preview(handle.order.id, undefined);
      this.reposition();
    };
    const onUp = (): void => finish(true);
    const onCancel = (): void => finish(false);
    const onKey = (key: KeyboardEvent): void => {
      if (key.key !== 'Escape') return;
      // Escape here cancels the drag, not the newest order.
      key.preventDefault();
      key.stopPropagation();
      finish(false);
    };
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onCancel);
    window.addEventListener('keydown', onKey, true);
  }
}
