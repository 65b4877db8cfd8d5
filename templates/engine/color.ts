import { rgb, type RGB } from 'pdf-lib';

/** "#rrggbb" -> pdf-lib colour. Layout colours are validated by the layout schema. */
export function hex(color: string): RGB {
  const n = Number.parseInt(color.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}
