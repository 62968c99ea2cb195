import type { ReactNode } from 'react';

/** A titled card section, labelled by its heading. */
export function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = `${title.toLowerCase().replace(/\W+/g, '-')}-title`;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
      </div>
      <div className="card-body">{children}</div>
    </section>
  );
}
