import type { Page } from 'playwright-core';

/**
 * Form controls and buttons on the page that a screen reader could not name: no label element,
 * no aria-label / aria-labelledby, and (for buttons and links) no text. Returns their outer HTML.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element) => {
      if (el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby')) {
        return true;
      }
      if ('labels' in el && (el as HTMLInputElement).labels?.length) {
        return true;
      }
      const tag = el.tagName.toLowerCase();
      return (tag === 'button' || tag === 'a') && Boolean(el.textContent?.trim());
    };
    return [
      ...document.querySelectorAll('main input, main select, main textarea, main button, main a'),
    ]
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 160));
  });
}
