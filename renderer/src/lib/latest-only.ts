/**
 * Runs at most one request at a time and, of the requests made meanwhile, only the newest: what a
 * slider or a scrubber needs, so frames keep up with the hand instead of replaying a queue of stale
 * positions. `show` gets each answer that is still the newest when it arrives.
 */
export class LatestOnly<Request, Answer> {
  #running = false;
  #next: Request | null = null;
  #generation = 0;

  constructor(
    private readonly fetch: (request: Request) => Promise<Answer>,
    private readonly show: (answer: Answer, request: Request) => void,
    private readonly fail: (error: unknown) => void = () => undefined,
  ) {}

  request(request: Request): void {
    this.#next = request;
    this.#generation += 1;
    if (!this.#running) void this.#drain();
  }

  /** Forgets what is pending (e.g. the checkpoint changed); an answer in flight is dropped. */
  reset(): void {
    this.#next = null;
    this.#generation += 1;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#next !== null) {
      const request = this.#next;
      const generation = this.#generation;
      this.#next = null;
      try {
        const answer = await this.fetch(request);
        // A newer request came in meanwhile: its answer is the one to show.
        if (generation === this.#generation) this.show(answer, request);
      } catch (error) {
        if (generation === this.#generation) this.fail(error);
      }
    }
    this.#running = false;
  }
}
