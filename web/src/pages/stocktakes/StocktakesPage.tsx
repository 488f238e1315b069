import type { PageProps } from '../../routes.js';

export function StocktakesPage(_props: PageProps) {
  return null;
}
