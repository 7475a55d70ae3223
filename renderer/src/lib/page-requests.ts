/**
 * Bookkeeping for a list fetched page by page: which pages are fresh, being fetched or failed in the
 * current generation. A restart makes every page stale and turns answers still on the way into
 * answers to be dropped, so a slow reply for an old list never lands in a new one.
 */
export class PageRequests {
  #generation = 0;
  readonly #fresh = new Set<number>();
  readonly #loading = new Set<number>();
  readonly #failed = new Set<number>();

  restart(): void {
    this.#generation++;
    this.#fresh.clear();
    this.#loading.clear();
    this.#failed.clear();
  }

  isFresh(page: number): boolean {
    return this.#fresh.has(page);
  }

  /**
   * A ticket to fetch the page, or null when it is fresh, already on its way, or failed in this
   * generation (a failing page is not asked for again on every render; the next restart retries it).
   */
  begin(page: number): number | null {
    if (this.#fresh.has(page) || this.#loading.has(page) || this.#failed.has(page)) return null;
    this.#loading.add(page);
    return this.#generation;
  }

  /** Records the answer; false when it belongs to an earlier generation and must be dropped. */
  arrived(page: number, ticket: number): boolean {
    if (ticket !== this.#generation) return false;
    this.#loading.delete(page);
    this.#fresh.add(page);
    return true;
  }

  /** Records a failure; false when it belongs to an earlier generation and must be ignored. */
  failed(page: number, ticket: number): boolean {
    if (ticket !== this.#generation) return false;
    this.#loading.delete(page);
    this.#failed.add(page);
    return true;
  }
}
