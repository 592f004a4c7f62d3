// Lighthouse-style audit of the page as shown, computed from the browser's own styles and boxes.
// Returns {contrast: {min, worst: [...]}, stars: {min}, taps: {smallest, small: [...]}, ids, skip, live, images}.
(phone) => {
  const rgba = s => { const m = (s || '').match(/[\d.]+/g); if (!m) return [0, 0, 0, 0]; const c = m.map(Number); if (c.length < 4) c.push(1); return c; };
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  // The colour behind an element: its own and its ancestors' backgrounds laid over white (alpha composited).
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.backgroundImage && st.backgroundImage !== 'none' && !st.backgroundImage.startsWith('url')) return null;  // a gradient: not judged
      const c = rgba(st.backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const ratio = (fg, bg) => { const a = lum(over(fg, bg)), b = lum(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const visible = el => { const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
                          return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none' &&
                                 parseFloat(st.opacity) > 0 && !el.closest('[aria-hidden=true], .hp, .skip, [hidden]'); };
  const describe = el => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent || el.value || el.placeholder || '').trim().slice(0, 24)}"`;

  // Text: every element with a text node of its own (and placeholders), its colour over what is behind it.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el) || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION'].includes(el.tagName)) continue;
    seen.add(el);
    if (!visible(el)) continue;
    const bg = behind(el);
    if (!bg) continue;
    texts.push({el, r: ratio(rgba(getComputedStyle(el).color), bg)});
  }
  for (const el of document.querySelectorAll('input[placeholder]')) {
    if (!visible(el) || el.value) continue;
    const bg = behind(el);
    if (bg) texts.push({el, r: ratio(rgba(getComputedStyle(el, '::placeholder').color), bg)});
  }
  const stars = texts.filter(t => t.el.closest('.stars'));
  const worst = [...texts].sort((a, b) => a.r - b.r).slice(0, 5).map(t => `${describe(t.el)} ${t.r.toFixed(2)}`);

  // Tap targets in the main content (phone): links and controls at least 44 px high; a link inside a sentence is
  // exempt (WCAG 2.5.8), as are checkboxes and radio buttons inside their labels (the label is the target).
  const taps = [];
  for (const el of document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
    let box = r;
    if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) { const l = el.closest('label'); if (!l) continue; box = l.getBoundingClientRect(); }
    const block = el.parentElement.closest('p, li, dd, td, figcaption, small, div, span');
    const inline = el.tagName === 'A' && st.display === 'inline' && block && block.textContent.trim().length > el.textContent.trim().length + 2;
    if (inline) continue;
    taps.push({el, h: Math.min(box.height, box.width >= 44 ? box.height : box.width)});
  }
  const small = taps.filter(t => t.h < 44).map(t => `${describe(t.el)} ${Math.round(t.h)}px`);

  const counts = {}; for (const el of document.querySelectorAll('[id]')) counts[el.id] = (counts[el.id] || 0) + 1;
  const skip = document.querySelector('a.skip[href^="#"]');
  const target = skip && document.getElementById(skip.getAttribute('href').slice(1));
  const firstFocusable = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea');
  return {
    contrast: {min: texts.length ? Math.min(...texts.map(t => t.r)) : null, checked: texts.length, worst},
    stars: {min: stars.length ? Math.min(...stars.map(t => t.r)) : null, checked: stars.length},
    taps: {smallest: taps.length ? Math.min(...taps.map(t => t.h)) : null, checked: taps.length, small: phone ? small : []},
    // Content cut off at the right edge (the page hides horizontal overflow, so the scroll width cannot tell).
    overflowing: [...document.querySelectorAll('main *')].filter(e => visible(e) && !e.closest('.table-wrap, .photos, .result') &&
      e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => `${describe(e)} ${Math.round(e.getBoundingClientRect().right)}px`),
    duplicate_ids: Object.keys(counts).filter(k => counts[k] > 1),
    skip_link: !!(skip && target && firstFocusable === skip),
    live: [...document.querySelectorAll('[aria-live]')].map(e => `${e.id || e.tagName}:${e.getAttribute('aria-live')}`),
    images_without_alt: [...document.querySelectorAll('img')].filter(i => !i.hasAttribute("alt")).map(i => i.src),
    links_without_name: [...document.querySelectorAll('a[href], button')].filter(e => visible(e) && !(e.textContent.trim() || e.getAttribute('aria-label') || e.querySelector('img[alt]:not([alt=""])') || e.title)).map(describe),
  };
}
