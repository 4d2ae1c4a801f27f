export type ThemeChoice = 'system' | 'light' | 'dark';

export function currentTheme(): ThemeChoice {
  const t = localStorage.getItem('theme');
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** Stored per device (it is a display preference, applied before paint by app.html). */
export function setTheme(choice: ThemeChoice): void {
  if (choice === 'system') {
    localStorage.removeItem('theme');
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem('theme', choice);
    document.documentElement.dataset.theme = choice;
  }
}
