// Renders an HTML file's <pre> to a PNG with headless Chromium (for editors/nvim/tests/screenshot.sh).
//   node render_html.mjs in.html out.png
import { chromium } from 'playwright-core';

const [src, dst] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
await page.goto(`file://${src}`);
await page.locator('pre').screenshot({ path: dst });
await browser.close();
