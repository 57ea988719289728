import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserGate } from './browser.js';
import { HOSTILE } from './site.js';
import { PHONE, screenshot, statusMatches, useBrowserSite, type BrowserSite } from './visit.js';

const resultIds = (page: Page) =>
  page
    .locator('#results li.result')
    .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.id as string));

const params = (page: Page) => new URL(page.url()).searchParams;

async function search(page: Page, query: string): Promise<void> {
  await page.locator('#q').fill(query);
  await statusMatches(page, new RegExp(`results? for “${query}”`));
}

describe.skipIf(!browserGate().run)('search page in Chromium', () => {
  const ctx = useBrowserSite();
  const visit: BrowserSite['visit'] = (...args) => ctx.visit(...args);

  it('serves the page with its assets, revalidated by ETag', async () => {
    const page = await fetch(ctx.site.base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    // fetch() would add `cache-control: no-cache` to a conditional request, as a browser's
    // reload does; an explicit max-age=0 is what a browser's revalidation sends.
    const again = await fetch(ctx.site.base, {
      headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    for (const asset of ['app.js', 'styles.css', 'js/render.js', 'favicon.svg']) {
      expect((await fetch(new URL(asset, ctx.site.base))).status).toBe(200);
    }
    // npm modules from the project, their imports of each other made relative; the compiled
    // export writers; nothing else of node_modules or dist.
    const force = await fetch(new URL('vendor/d3-force.js', ctx.site.base));
    expect(force.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await force.text()).toContain("from './d3-quadtree.js'");
    for (const asset of ['vendor/d3-timer.js', 'lib/export/bibtex-writer.js']) {
      expect((await fetch(new URL(asset, ctx.site.base))).status).toBe(200);
    }
    for (const asset of ['vendor/express.js', 'lib/server/app.js', 'vendor/../package.json']) {
      expect((await fetch(new URL(asset, ctx.site.base))).status).toBe(404);
    }
  });

  it('searches as you type: titles, authors, dates, score bars, highlighted snippets', async () => {
    const { page, close } = await visit();
    await expect(page.locator('#q').evaluate((q) => q === document.activeElement)).resolves.toBe(
      true,
    );
    await page.locator('#q').pressSequentially('quantization', { delay: 20 });
    const status = await statusMatches(page, /results? for “quantization”/);
    expect(status).toMatch(/^\d+ results for “quantization”$/);
    expect(params(page).get('q')).toBe('quantization');

    const first = page.locator('#results li.result').first();
    expect(await first.locator('.result-title a').textContent()).toBeTruthy();
    for (const authors of await page.locator('#results .meta .authors').allTextContents()) {
      expect(authors).toMatch(/\S/);
    }
    expect(await page.locator('#results .meta time').count()).toBeGreaterThan(0);
    expect(await first.locator('.score-value').textContent()).toMatch(/^score \d+\.\d{3}$/);
    // Bars show the absolute score (0 to 1), so they shrink down the list and a strong best
    // match fills most of its bar.
    const shares = await page
      .locator('#results .bar-fill')
      .evaluateAll((bars) =>
        bars.map((b) => Number((b as HTMLElement).style.getPropertyValue('--share'))),
      );
    const scores = (await page.locator('#results .score-value').allTextContents()).map((t) =>
      Number(t.replace('score ', '')),
    );
    shares.forEach((share, i) => expect(share).toBeCloseTo(scores[i], 3));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(shares[0]).toBeGreaterThan(0.5);
    const marks = await page.locator('#results .snippet mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const word of marks) expect(word.toLowerCase()).toMatch(/^quantiz/);

    // Refining the query straight away keeps one history entry: Back leaves the search.
    await page.locator('#q').pressSequentially(' methods', { delay: 20 });
    await statusMatches(page, /“quantization methods”/);
    expect(params(page).get('q')).toBe('quantization methods');
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('status')!.textContent === '');
    expect(await page.locator('#q').inputValue()).toBe('');
    await close();
  });

  it('shows paper text as text: markup in the data is neither rendered nor run', async () => {
    const { page, close } = await visit('?q=quantization');
    const link = page.locator(`a[data-paper="${HOSTILE.id}"]`).first();
    await link.waitFor();
    expect(await link.textContent()).toBe(HOSTILE.title);
    await link.click();
    await page.locator('#paper-title').waitFor();
    expect(await page.locator('#paper-title').textContent()).toBe(HOSTILE.title);
    expect(await page.locator('#paper .abstract').textContent()).toBe(HOSTILE.abstract);
    expect(await page.locator('#paper > .meta .authors').textContent()).toBe(
      'Mallory <i>Markup</i>',
    );
    // Only the marks the page made itself; no element came out of the data.
    expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
    // A javascript: URL does not become a link.
    expect(await page.locator('#paper a', { hasText: 'Source' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { __injected?: unknown }).__injected)).toBe(
      undefined,
    );
    await close();
  });

  it('opens a paper: full abstract, related papers, each followable in turn', async () => {
    const { page, close } = await visit();
    await search(page, 'diffusion models');
    await page.mouse.move(0, 0);
    await screenshot(page, 'results-desktop');
    const firstId = (await resultIds(page))[0];
    await page.locator('#results a[data-paper]').first().click();
    await page.locator('#paper-title').waitFor();
    const paper = ctx.site.byId.get(firstId)!;
    expect(await page.locator('#paper-title').textContent()).toBe(paper.title);
    expect(await page.locator('#paper .abstract').textContent()).toBe(paper.abstract);
    expect(params(page).get('paper')).toBe(firstId);
    expect(params(page).get('q')).toBe('diffusion models');
    expect(await page.locator('#paper-title').evaluate((h) => h === document.activeElement)).toBe(
      true,
    );
    expect(
      await page.locator(`#results li[data-id="${firstId}"]`).getAttribute('aria-current'),
    ).toBe('true');
    const related = page.locator('#paper .related a[data-paper]');
    expect(await related.count()).toBeGreaterThan(2);
    await page.mouse.move(0, 0);
    await screenshot(page, 'paper-desktop');
    await page.locator('#related-heading').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'paper-desktop-related');

    // Follow a related paper, then another from its own related list.
    const secondId = (await related.first().getAttribute('data-paper'))!;
    expect(secondId).not.toBe(firstId);
    await related.first().click();
    await page.waitForFunction(
      (title) => document.getElementById('paper-title')?.textContent === title,
      ctx.site.byId.get(secondId)!.title,
    );
    expect(params(page).get('paper')).toBe(secondId);
    const thirdId = (await related.first().getAttribute('data-paper'))!;
    await related.first().click();
    await page.waitForFunction(
      (title) => document.getElementById('paper-title')?.textContent === title,
      ctx.site.byId.get(thirdId)!.title,
    );

    // Back walks the trail; closing returns to the results with focus on the first paper.
    await page.goBack();
    await page.waitForFunction(
      (title) => document.getElementById('paper-title')?.textContent === title,
      ctx.site.byId.get(secondId)!.title,
    );
    await page.goBack();
    await page.waitForFunction(
      (title) => document.getElementById('paper-title')?.textContent === title,
      paper.title,
    );
    await page.locator('#paper button[data-close]').click();
    expect(await page.locator('#paper').isHidden()).toBe(true);
    expect(params(page).has('paper')).toBe(false);
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.paper),
    ).toBe(firstId);
    await close();
  });

  it('filters by category and year range, and switches ranking mode', async () => {
    const { page, close } = await visit();
    await search(page, 'language models');

    await page.locator('#category').fill('cs.CL');
    await statusMatches(page, /results? for “language models” · cs\.CL$/);
    expect(params(page).get('category')).toBe('cs.CL');
    const inCategory = await resultIds(page);
    expect(inCategory.length).toBeGreaterThan(0);
    for (const id of inCategory) expect(ctx.site.byId.get(id)!.categories).toContain('cs.CL');

    await page.locator('#year-from').fill('2023');
    await page.locator('#year-to').fill('2024');
    await statusMatches(page, /· 2023–2024 · cs\.CL$/);
    const dated = await resultIds(page);
    expect(dated.length).toBeGreaterThan(0);
    for (const id of dated) {
      const paper = ctx.site.byId.get(id)!;
      expect(paper.categories).toContain('cs.CL');
      expect(Number(paper.published!.slice(0, 4))).toBeGreaterThanOrEqual(2023);
      expect(Number(paper.published!.slice(0, 4))).toBeLessThanOrEqual(2024);
    }

    // The mode switch reloads the results with the chosen ranking.
    const lexical = page.waitForResponse((r) => r.url().includes('mode=lexical'));
    await page.locator('label', { hasText: 'Lexical' }).click();
    expect((await lexical).status()).toBe(200);
    expect(params(page).get('mode')).toBe('lexical');
    const semantic = page.waitForResponse((r) => r.url().includes('mode=semantic'));
    await page.locator('label', { hasText: 'Semantic' }).click();
    const body = (await (await semantic).json()) as { mode: string };
    expect(body.mode).toBe('semantic');

    // Clearing the filters widens the results again.
    await page.locator('button[type="reset"]').click();
    await statusMatches(page, /results? for “language models”$/);
    expect(params(page).has('category')).toBe(false);
    await close();
  });

  it('restores the whole view from a shared URL, and on back and forward', async () => {
    const paper = ctx.site.papers.find((p) => p.categories.includes('cs.LG') && p.published)!;
    const shared = new URLSearchParams({
      q: 'neural networks',
      mode: 'lexical',
      year_from: '2020',
      category: 'cs.LG',
      paper: paper.id,
    });
    const { page, close } = await visit(`?${shared}`);
    await statusMatches(page, /results? for “neural networks” · 2020–… · cs\.LG$/);
    await page.locator('#paper-title').waitFor();
    expect(await page.locator('#paper-title').textContent()).toBe(paper.title);
    expect(await page.locator('#q').inputValue()).toBe('neural networks');
    expect(await page.locator('input[name="mode"][value="lexical"]').isChecked()).toBe(true);
    expect(await page.locator('#year-from').inputValue()).toBe('2020');
    expect(await page.locator('#category').inputValue()).toBe('cs.LG');
    for (const id of await resultIds(page))
      expect(ctx.site.byId.get(id)!.categories).toContain('cs.LG');
    expect(await page.title()).toBe(`${paper.title} · Paper search`);

    // A new search by Enter, then back to the shared view and forward again.
    await page.locator('#q').fill('reinforcement learning');
    await page.locator('#q').press('Enter');
    await statusMatches(page, /“reinforcement learning”/);
    expect(await page.locator('#paper').isHidden()).toBe(true);
    await page.goBack();
    await statusMatches(page, /“neural networks”/);
    expect(await page.locator('#q').inputValue()).toBe('neural networks');
    await page.locator('#paper-title').waitFor();
    await page.goForward();
    await statusMatches(page, /“reinforcement learning”/);
    expect(await page.locator('#q').inputValue()).toBe('reinforcement learning');
    await close();
  });

  it('selects two papers and shows more like these', async () => {
    const { page, close } = await visit();
    await search(page, 'graph neural networks');
    const [a, b] = await resultIds(page);
    const boxes = page.locator('#results li.result input[data-select]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    expect(await page.locator('#selection-count').textContent()).toBe('2 papers selected');
    expect(await page.locator('#results li.result.selected').count()).toBe(2);

    const posted = page.waitForRequest((r) => r.url().endsWith('/recommend'));
    await page.locator('#more-like').click();
    expect((await posted).postDataJSON()).toMatchObject({ positive: [a, b] });
    await statusMatches(page, /^\d+ papers like the 2 selected$/);
    expect(params(page).getAll('like')).toEqual([a, b]);
    const similar = await resultIds(page);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar).not.toContain(a);
    expect(similar).not.toContain(b);

    // The recommendation is itself a shareable view.
    const shared = await visit(new URL(page.url()).search);
    await statusMatches(shared.page, /papers like the 2 selected/);
    expect(await resultIds(shared.page)).toEqual(similar);
    await shared.close();

    await page.locator('#clear-selection').click();
    expect(await page.locator('#selection').isHidden()).toBe(true);
    await close();
  });

  it('works from the keyboard', async () => {
    const { page, close } = await visit('?q=quantization');
    await statusMatches(page, /“quantization”/);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.id || el?.dataset.paper || el?.tagName;
      });
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await focused()).toBe('q');
    const ids = await resultIds(page);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#paper-title').waitFor();
    expect(await focused()).toBe('paper-title');
    expect(params(page).get('paper')).toBe(ids[1]);
    await page.keyboard.press('Escape');
    expect(await page.locator('#paper').isHidden()).toBe(true);
    expect(await focused()).toBe(ids[1]);
    // Focus is drawn visibly (the outline comes from :focus-visible).
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    await close();
  });

  it('shows API errors as readable messages', async () => {
    const missing = await visit('?paper=does-not-exist');
    const message = missing.page.locator('#paper .error');
    await message.waitFor();
    expect(await message.textContent()).toBe(
      'Could not open the paper: no paper with id "does-not-exist" (HTTP 404)',
    );
    await missing.close();

    const tooLong = await visit(`?q=${'a'.repeat(1200)}`);
    await tooLong.page.locator('#error').waitFor();
    expect(await tooLong.page.locator('#error').textContent()).toMatch(
      /^Search failed: q: must be at most \d+ characters \(HTTP 400\)$/,
    );
    await tooLong.close();

    const reversed = await visit('?q=graphs&year_from=2024&year_to=2020');
    await reversed.page.locator('#error').waitFor();
    expect(await reversed.page.locator('#error').textContent()).toBe(
      'Check the filters: "From year" is after "To year".',
    );
    await reversed.close();
  });

  it('reads on a phone: one column, no sideways scrolling, the paper in place of the list', async () => {
    const { page, close } = await visit('?q=diffusion%20models', PHONE);
    await statusMatches(page, /“diffusion models”/);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'results-phone');

    await page.locator('#results a[data-paper]').first().tap();
    await page.locator('#paper-title').waitFor();
    expect(await page.locator('#results-pane').isHidden()).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'paper-phone');
    await close();
  });
});
