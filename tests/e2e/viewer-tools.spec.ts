// The viewer's tools on a phone (touch emulation) and a desktop (mouse): each gesture and button must
// change the view as intended, read back from the viewport's data attributes and the overlay.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type CDPSession, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';

const CD = join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir');
let link = '';

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  link = await shareFolder(page, CD);
  await page.close();
});

/** Opens the link and shows the CT series (4 slices, for scrolling and presets). */
async function openCt(page: Page): Promise<Locator> {
  await page.goto(link);
  const ct = page.locator('[data-testid=series]', { hasText: 'CT' }).and(page.locator('[data-image-count="4"]'));
  await ct.click();
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-series-uid', (await ct.getAttribute('data-series-uid'))!);
  await expect(viewport).toHaveAttribute('data-rendered', 'true');
  // A series opens at its middle image: the third of four.
  await expect(viewport).toHaveAttribute('data-image-index', '2');
  return viewport;
}

type Point = { x: number; y: number };
async function touch(cdp: CDPSession, steps: Point[][]) {
  const points = (ps: Point[]) => ps.map((p, id) => ({ ...p, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(steps[0]) });
  for (const step of steps.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(step) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('on a phone the image fills the screen and touch gestures scroll, zoom, pan and reset', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const viewport = await openCt(page);
  const box = (await viewport.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(370);
  expect(box.height).toBeGreaterThan(844 * 0.55);
  const cdp = await context.newCDPSession(page);
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  // One finger up the image: earlier slices; down: later ones.
  await touch(cdp, [[c], [{ x: c.x, y: c.y - 12 }], [{ x: c.x, y: c.y - 25 }]]);
  await expect(viewport).toHaveAttribute('data-image-index', '0');
  await touch(cdp, [[c], [{ x: c.x, y: c.y + 12 }], [{ x: c.x, y: c.y + 25 }]]);
  await expect(viewport).toHaveAttribute('data-image-index', '2');

  // Two fingers spreading: zoom in.
  await touch(cdp, [
    [{ x: c.x - 40, y: c.y }, { x: c.x + 40, y: c.y }],
    [{ x: c.x - 80, y: c.y }, { x: c.x + 80, y: c.y }]
  ]);
  expect(Number(await viewport.getAttribute('data-zoom'))).toBeCloseTo(2, 1);

  // Two fingers moving together: pan.
  await touch(cdp, [
    [{ x: c.x - 40, y: c.y }, { x: c.x + 40, y: c.y }],
    [{ x: c.x - 10, y: c.y + 20 }, { x: c.x + 70, y: c.y + 20 }]
  ]);
  await expect(viewport).toHaveAttribute('data-pan', '30,20');
  await expect(viewport).toHaveAttribute('data-image-index', '2');

  // Double tap: back to the fitted image.
  await touch(cdp, [[c]]);
  await touch(cdp, [[c]]);
  await expect(viewport).toHaveAttribute('data-zoom', '1.000');
  await expect(viewport).toHaveAttribute('data-pan', '0,0');
  await context.close();
});

test('on a desktop the tools change window, inversion, zoom and play the stack', async ({ page }) => {
  const viewport = await openCt(page);
  const window = page.getByTestId('overlay-window');
  await expect(window).toHaveText(/W \d+ L -?\d+/);
  const before = await window.textContent();

  await page.getByTestId('tool-window').click();
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + 150, { steps: 5 });
  await page.mouse.up();
  await expect(window).not.toHaveText(before!);

  await page.getByTestId('window-preset').selectOption('lung');
  await expect(window).toHaveText('W 1500 L -600');
  await page.getByTestId('invert').click();
  await expect(viewport).toHaveAttribute('data-invert', 'true');
  await page.getByTestId('zoom-in').click();
  await expect(viewport).toHaveAttribute('data-zoom', '1.250');
  await page.getByTestId('reset').click();
  await expect(viewport).toHaveAttribute('data-zoom', '1.000');
  await expect(viewport).toHaveAttribute('data-invert', 'false');

  // Distance: a drag with the measure tool, in mm from the CT's Pixel Spacing (0.488 mm).
  await page.getByTestId('tool-measure').click();
  await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('measurement')).toHaveText(/^\d+\.\d mm$/);
  const [image, across] = [16 * 0.488281, Number((await page.getByTestId('measurement').textContent())!.split(' ')[0])];
  expect(across).toBeGreaterThan(0);
  expect(across).toBeLessThanOrEqual(image + 0.1);

  await page.getByTestId('cine').click();
  await expect(viewport).not.toHaveAttribute('data-image-index', '2');
  await page.getByTestId('cine').click();
  await expect(page.getByTestId('cine')).toHaveAttribute('aria-pressed', 'false');
});

test('the tag browser lists the shown image\'s elements and the overlay shows orientation letters', async ({ page }) => {
  await openCt(page);
  // An axial CT: patient right on the viewer's left, anterior at the top.
  await expect(page.getByTestId('marker-left')).toHaveText('R');
  await expect(page.getByTestId('marker-top')).toHaveText('A');
  await page.getByTestId('tags').click();
  const browser = page.getByTestId('tag-browser');
  await expect(browser).toBeVisible();
  await page.getByTestId('tag-filter').fill('0010,0010');
  await expect(browser.getByTestId('tag-row')).toHaveCount(1);
  await expect(browser.getByTestId('tag-row')).toContainText('PatientName');
  await expect(browser.getByTestId('tag-row')).toContainText('Doe^Archibald');
  await browser.getByRole('button', { name: 'Close' }).click();
  await expect(browser).toBeHidden();
});

test('axe finds no serious or critical accessibility violations on the viewer, phone and desktop', async ({ browser }) => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await openCt(page);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await context.close();
  }
});
