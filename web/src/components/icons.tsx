import type { SVGProps } from 'react';

// Stroke icons (16px grid) so the bundle carries no icon library.
const paths = {
  home: 'M2.5 7.5 8 3l5.5 4.5V13a.5.5 0 0 1-.5.5H10v-4H6v4H3a.5.5 0 0 1-.5-.5z',
  traces: 'M2.5 4h11M2.5 8h11M2.5 12h7',
  review: 'M3 8.5l3 3 7-7',
  queues: 'M2.5 3.5h8M2.5 7h8M2.5 10.5h5M11 10l1.5 1.5 2.5-3',
  sessions: 'M2.5 3.5h11v6h-6l-3 3v-3h-2z',
  agents: 'M8 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM3 13.5c.6-2.6 2.6-4 5-4s4.4 1.4 5 4',
  evals: 'M5.5 4 2.5 8l3 4M10.5 4l3 4-3 4',
  matrix: 'M2.5 2.5h4.5v4.5H2.5zM9 2.5h4.5v4.5H9zM2.5 9h4.5v4.5H2.5zM9 9h4.5v4.5H9z',
  jobs: 'M8 2.5v3M8 10.5v3M2.5 8h3M10.5 8h3M4.1 4.1l2.1 2.1M9.8 9.8l2.1 2.1M4.1 11.9l2.1-2.1M9.8 6.2l2.1-2.1',
  monitoring: 'M2 12.5h12M3 10l3-3.5 2.5 2L13 3.5',
  tasks: 'M2.5 4.5l1 1 2-2M7.5 4.5h6M2.5 10.5l1 1 2-2M7.5 10.5h6',
  tasksets: 'M2.5 3h11v4h-11zM2.5 9h11v4h-11z',
  runs: 'M4 2.5v11l9-5.5z',
  settings:
    'M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  search: 'M7 2.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zM10.5 10.5l3 3',
  sun: 'M8 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z',
  chevronLeft: 'M10 3.5 5.5 8l4.5 4.5',
  chevronRight: 'M6 3.5 10.5 8 6 12.5',
  logout: 'M6 2.5H3.5v11H6M10 5l3 3-3 3M13 8H6',
  alert: 'M8 2 14.5 13.5h-13zM8 6.5v3M8 11.5v.5',
  plus: 'M8 3v10M3 8h10',
  x: 'M4 4l8 8M12 4l-8 8',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, ...props }: { name: IconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      width={16}
      height={16}
      {...props}
    >
      <path d={paths[name]} />
    </svg>
  );
}
