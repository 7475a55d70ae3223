/** Stroke icons on a 20×20 grid, drawn for Ganvas: each is a list of SVG path data. */
function circle(cx: number, cy: number, r: number): string {
  return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
}

export const icons = {
  projects: [
    'M3 6.5A1.5 1.5 0 0 1 4.5 5h3.3l1.7 1.8h6A1.5 1.5 0 0 1 17 8.3v6.2a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 14.5z',
  ],
  dataset: [
    'M5 3.5h10A1.5 1.5 0 0 1 16.5 5v10a1.5 1.5 0 0 1-1.5 1.5H5A1.5 1.5 0 0 1 3.5 15V5A1.5 1.5 0 0 1 5 3.5z',
    circle(7.6, 7.8, 1.4),
    'M3.8 14.2l4-3.7 3 2.7 2-1.8 3.4 3',
  ],
  train: ['M3.5 15.5l4.2-5 3 2.8 5.8-7', 'M13.3 6.3h3.2v3.2'],
  explore: [circle(10, 10, 6.5), 'M12.6 7.4l-1.5 3.7-3.7 1.5 1.5-3.7z'],
  translate: ['M4 7h11', 'M12 4l3 3-3 3', 'M16 13H5', 'M8 10l-3 3 3 3'],
  export: [
    'M10 12.5V3.5',
    'M6.8 6.7L10 3.5l3.2 3.2',
    'M4 11.5v3.5A1.5 1.5 0 0 0 5.5 16.5h9a1.5 1.5 0 0 0 1.5-1.5v-3.5',
  ],
  settings: [
    'M3.5 6.5h8',
    'M15.5 6.5h1',
    circle(13.5, 6.5, 2),
    'M3.5 13.5h1',
    'M8.5 13.5h8',
    circle(6.5, 13.5, 2),
  ],
  speed: ['M3.8 14.5a6.5 6.5 0 1 1 12.4 0', 'M10 13l3.2-4.2', circle(10, 13.4, 0.6)],
  close: ['M5.5 5.5l9 9', 'M14.5 5.5l-9 9'],
  play: ['M6.5 4.5v11l9-5.5z'],
  pause: ['M7 4.5v11', 'M13 4.5v11'],
  stop: ['M5.5 5.5h9v9h-9z'],
  previous: ['M12.5 5l-5 5 5 5'],
  next: ['M7.5 5l5 5-5 5'],
  branch: [
    circle(6, 4.8, 1.8),
    circle(6, 15.2, 1.8),
    circle(14, 7.5, 1.8),
    'M6 6.6v6.8',
    'M14 9.3c0 3-8 2.2-8 4.1',
  ],
  trash: ['M4 6h12', 'M8 6V4.5h4V6', 'M5.5 6l.8 9.5h7.4l.8-9.5', 'M8.5 9v4', 'M11.5 9v4'],
  warning: ['M10 3.5l7 12.5H3z', 'M10 8.5v3.2', circle(10, 13.9, 0.4)],
  plus: ['M10 4.5v11', 'M4.5 10h11'],
} as const;

export type IconName = keyof typeof icons;
