// Applies the saved (or system) theme before first paint, so the page never flashes.
(() => {
  let theme = null;
  try {
    theme = localStorage.getItem('iofold.theme');
  } catch {
    theme = null;
  }
  if (theme !== 'light' && theme !== 'dark') {
    theme = matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  }
  document.documentElement.dataset.theme = theme;
})();
