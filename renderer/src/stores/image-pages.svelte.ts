import type { ImageRecord } from '$contract';
import { PageRequests } from '../lib/page-requests.js';

export const imagePageSize = 200;

/** Fetches one page of the list being shown; the caller knows which dataset, domain and filter. */
export type PageFetcher = (
  offset: number,
  limit: number,
) => Promise<{ total: number; images: ImageRecord[] }>;

/**
 * The images of a virtualised grid, fetched a page at a time as cells ask for them. A refresh keeps
 * showing the pages it has until fresh ones arrive, so the grid never blinks to placeholders when the
 * dataset changes under it (an exclusion, the end of an import).
 */
export class ImagePages {
  total = $state(0);
  /** True once a first page of the current list has arrived. */
  loaded = $state(false);
  pages = $state.raw<Record<number, ImageRecord[]>>({});
  #fetch: PageFetcher | null = null;
  // Bookkeeping only: deliberately not reactive.
  readonly #requests = new PageRequests();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Shows another list (another dataset, domain or filter): what was shown is dropped at once. */
  reset(fetch: PageFetcher | null): Promise<void> {
    this.#fetch = fetch;
    this.pages = {};
    this.total = 0;
    this.loaded = false;
    return this.refresh();
  }

  /** Fetches again every page on show (at least the first), replacing each as it arrives. */
  async refresh(): Promise<void> {
    this.#requests.restart();
    if (!this.#fetch) return;
    const shown = Object.keys(this.pages).map(Number);
    await Promise.all((shown.includes(0) ? shown : [0, ...shown]).map((page) => this.ensure(page)));
  }

  /** The image at an index if its page is here (asking for the page when it is missing or stale). */
  imageAt(index: number): ImageRecord | undefined {
    const page = Math.floor(index / imagePageSize);
    if (!this.#requests.isFresh(page)) void this.ensure(page);
    return this.pages[page]?.[index - page * imagePageSize];
  }

  /** Whether every image from `from` to `to` (inclusive) is here. */
  hasRange(from: number, to: number): boolean {
    for (let page = Math.floor(from / imagePageSize); page <= Math.floor(to / imagePageSize); page++) {
      if (!this.pages[page]) return false;
    }
    return true;
  }

  /** Changes images in place (an optimistic update), without fetching. */
  patch(change: (image: ImageRecord) => ImageRecord): void {
    const pages: Record<number, ImageRecord[]> = {};
    for (const [page, images] of Object.entries(this.pages)) pages[Number(page)] = images.map(change);
    this.pages = pages;
  }

  async ensure(page: number): Promise<void> {
    const fetch = this.#fetch;
    const ticket = fetch ? this.#requests.begin(page) : null;
    if (!fetch || ticket === null) return;
    try {
      const result = await fetch(page * imagePageSize, imagePageSize);
      if (!this.#requests.arrived(page, ticket)) return;
      this.total = result.total;
      const lastPage = Math.max(0, Math.ceil(result.total / imagePageSize) - 1);
      const pages: Record<number, ImageRecord[]> = {};
      for (const [key, images] of Object.entries(this.pages)) {
        if (Number(key) <= lastPage) pages[Number(key)] = images;
      }
      pages[page] = result.images;
      this.pages = pages;
      this.loaded = true;
    } catch (error) {
      if (this.#requests.failed(page, ticket)) this.#onError(error);
    }
  }
}
