import type { PageProps } from '../../routes.js';

export function PriceTagsPage(_props: PageProps) {
  return null;
}
