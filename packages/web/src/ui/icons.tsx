// Inline stroke icons (24px grid, currentColor), so the app ships no icon font or image requests.
import type { SVGProps } from 'react';

const paths = {
  flows: 'M4 6h6v4H4zM14 14h6v4h-6zM7 10v2a2 2 0 0 0 2 2h5',
  runs: 'M5 4l14 8-14 8z',
  errors: 'M12 8v5m0 3h.01M10.3 3.9 2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
  records: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm10 17-4.3-4.3',
  plus: 'M12 5v14M5 12h14',
  play: 'M7 5l12 7-12 7z',
  stop: 'M6 6h12v12H6z',
  check: 'M5 12l5 5L20 7',
  x: 'M6 6l12 12M18 6 6 18',
  undo: 'M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3',
  layout: 'M4 4h7v7H4zM13 13h7v7h-7zM7.5 11v4.5H13',
  fit: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  save: 'M5 4h11l3 3v13H5zM8 4v5h7V4M8 20v-6h8v6',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  history: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 2',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
  chevronRight: 'M9 6l6 6-6 6',
  chevronDown: 'M6 9l6 6 6-6',
  refresh: 'M20 11A8 8 0 0 0 5.3 6.3L3 9M3 4v5h5M4 13a8 8 0 0 0 14.7 4.7L21 15m0 5v-5h-5',
  signOut: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  trigger: 'M13 3 4 14h7l-1 7 9-11h-7z',
  qualify: 'M3 5h18l-7 8v6l-4 2v-8z',
  lookup: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm10 17-4.3-4.3',
  map: 'M4 7h10M4 17h10M14 4l3 3-3 3M14 14l3 3-3 3M18 7h2M18 17h2',
  upsert: 'M12 3v12M7 10l5 5 5-5M5 21h14',
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
  info: 'M12 16v-5m0-3h.01M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z',
  edit: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  retry: 'M20 11A8 8 0 0 0 5.3 6.3L3 9M3 4v5h5',
  filter: 'M3 5h18l-7 8v6l-4 2v-8z',
  eye: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zm10-3a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  sync: 'M4 4v6h6M20 20v-6h-6M20 10A8 8 0 0 0 6 6l-2 4M4 14a8 8 0 0 0 14 4l2-4',
} as const;

export type IconName = keyof typeof paths;

export function Icon({
  name,
  size = 16,
  ...rest
}: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={paths[name]} />
    </svg>
  );
}
