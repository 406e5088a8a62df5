/* VE-EDU maths: the server makes authors' LaTeX MathML. LaTeX it could not read is typeset with the
 * page's MathJax, else VE_EDU_MATHJAX_URL's, loaded once per page; else it stays as source text.
 * Plain ES2017, loaded before ve_common.js, which calls window.VeEduMaths. */
(function () {
  'use strict';
  // Several blocks on one page each add this file; the first copy wins (it holds the page's state).
  if (window.VeEduMaths) return;

  const MATHJAX_WAIT_MS = 250;
  const MATHJAX_WAIT_TRIES = 40; // a page's own MathJax gets 10 s to start before we stop asking
  let mathJaxUrl = '';
  let mathJaxLoad = null; // the promise of our own copy, once asked for
  let typesetChain = Promise.resolve(); // MathJax 3 wants typeset calls one after another

  function useMathJax(url) {
    if (url && !mathJaxUrl) mathJaxUrl = String(url);
  }

  // The page's MathJax once it can typeset (a bare configuration object cannot yet).
  function readyMathJax() {
    const mj = window.MathJax;
    if (mj && typeof mj.typesetPromise === 'function') return mj;
    if (mj && mj.Hub && typeof mj.Hub.Queue === 'function') return mj;
    return null;
  }

  function loadMathJax() {
    if (mathJaxLoad) return mathJaxLoad;
    mathJaxLoad = new Promise((resolve, reject) => {
      // Configure before loading: the blocks typeset their own content, not the whole page.
      window.MathJax = { startup: { typeset: false } };
      const script = document.createElement('script');
      script.src = mathJaxUrl;
      script.async = true;
      script.setAttribute('data-ve-mathjax', 'true');
      script.onload = () => {
        const startup = window.MathJax && window.MathJax.startup;
        Promise.resolve(startup && startup.promise).then(resolve, reject);
      };
      script.onerror = () => reject(new Error('MathJax could not be loaded from ' + mathJaxUrl));
      document.head.appendChild(script);
    });
    return mathJaxLoad;
  }

  function typesetWith(mj, el) {
    if (typeof mj.typesetPromise === 'function') {
      typesetChain = typesetChain.then(() => {
        // Forget what was typeset in el before: its hints and solution are re-rendered each time.
        if (typeof mj.typesetClear === 'function') mj.typesetClear([el]);
        return mj.typesetPromise([el]);
      }).catch(() => { /* this element stays as source text; later ones still typeset */ });
    } else {
      mj.Hub.Queue(['Typeset', mj.Hub, el]);
    }
  }

  // Only LaTeX left in the text needs MathJax.
  const LATEX = /\\\(|\\\[|\$\$/;

  function typeset(el, tries) {
    try {
      if (!el || !LATEX.test(el.textContent || '')) return;
      const mj = readyMathJax();
      if (mj) { typesetWith(mj, el); return; }
      if (window.MathJax && !mathJaxLoad) {
        // The page is still starting its own MathJax: ask again shortly, a bounded number of times.
        const left = tries === undefined ? MATHJAX_WAIT_TRIES : tries;
        if (left > 0) window.setTimeout(() => typeset(el, left - 1), MATHJAX_WAIT_MS);
        return;
      }
      if (!mathJaxUrl) return;
      loadMathJax().then(() => {
        const loaded = readyMathJax();
        if (loaded) typesetWith(loaded, el);
      }, () => { /* offline or missing: maths stays as source text */ });
    } catch (e) { /* maths stays as source text; not worth breaking the block */ }
  }

  window.VeEduMaths = { useMathJax, typeset };
}());
