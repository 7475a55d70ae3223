import type { Locator, Page } from '@playwright/test';

/** The Explore view: the checkpoint picker, the seed gallery, the latent editor and the timeline. */
export class ExplorePage {
  readonly gallery: Locator;
  readonly galleryImages: Locator;
  readonly seeds: Locator;
  readonly image: Locator;
  readonly sliders: Locator;
  readonly addKeyframe: Locator;
  readonly keyframes: Locator;
  readonly frame: Locator;
  readonly scrubber: Locator;

  constructor(private readonly page: Page) {
    this.gallery = page.getByTestId('seed-gallery');
    this.galleryImages = this.gallery.locator('img');
    this.seeds = page.getByTestId('seed');
    this.image = page.getByTestId('latent-image');
    this.sliders = page.getByTestId('direction-sliders').locator('input[type=range]');
    this.addKeyframe = page.getByTestId('add-keyframe');
    this.keyframes = page.getByTestId('keyframes').locator('li');
    this.frame = page.getByTestId('timeline-frame');
    this.scrubber = page.getByTestId('timeline-scrubber');
  }

  /** The src of an image once it has one (a data: URL that changes with the picture). */
  async srcOf(image: Locator): Promise<string> {
    return (await image.getAttribute('src')) ?? '';
  }
}
