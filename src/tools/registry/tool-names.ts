/** Tool names every model API accepts: letters, digits, `_` and `-`, at most 64 characters. */
const VALID = /^[A-Za-z0-9_-]{1,64}$/;

export const isModelToolName = (name: string) => VALID.test(name);

/** A server's tool name as models accept it (other characters become `_`), or null when empty. */
export function modelToolName(name: string): string | null {
  const cleaned = name
    .trim()
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 64);
  return cleaned === '' ? null : cleaned;
}

/** `server__tool`: the name of a tool whose plain name another server already uses. */
export function namespacedToolName(server: string, tool: string): string {
  const prefix = server.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 30);
  return `${prefix}__${tool}`.slice(0, 64);
}
