import type { PageProps } from '../../routes.js';

export function StocktakeCountPage(_props: PageProps) {
  return null;
}
