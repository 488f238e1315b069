import { Card, Grid } from 'antd';
import type { ReactNode } from 'react';

/**
 * Space above and below the checkout panel in the two-column layout: AppLayout's 64 px
 * header and 24 px content padding above it, and 24 px left free below it.
 */
const PANEL_OFFSET_PX = 64 + 24 + 24;

/**
 * Returns true when the sales screen shows the cart and the checkout side by side: from
 * Ant Design's lg breakpoint (992 px wide), so that a 1024 × 768 tablet in landscape has both.
 */
export function useTwoColumns(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.lg ?? true;
}

/**
 * Lays out the sales screen: the cart on the left and the checkout panel on the right from
 * the lg breakpoint, one above the other below it. The right column is 44 % of the width,
 * kept between 400 and 500 px. At 1024 px wide that leaves a payment row room for the full
 * method name (クレジットカード needs 154 px with the select's arrow) and an amount in millions.
 */
export function RegisterColumns({ twoColumns, cart, checkout }: { twoColumns: boolean; cart: ReactNode; checkout: ReactNode }) {
  if (!twoColumns) {
    return (
      <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        <div>{cart}</div>
        {checkout}
      </div>
    );
  }
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) clamp(400px, 44%, 500px)', gap: 16, alignItems: 'start' }}>
      <div style={{ minWidth: 0 }}>{cart}</div>
      {checkout}
    </div>
  );
}

interface CheckoutPanelProps {
  twoColumns: boolean;
  /** Totals, always in view at the top. */
  header: ReactNode;
  /** Reductions, payments, staff and note; they scroll inside the panel when it is full. */
  children: ReactNode;
  /** The complete button, always in view at the bottom. */
  footer: ReactNode;
}

/**
 * Renders the checkout card. In the two-column layout it stays in the window (sticky) and
 * is never taller than the window, so the totals and the complete button show without
 * scrolling the page. The middle part scrolls inside the card instead.
 */
export function CheckoutPanel({ twoColumns, header, children, footer }: CheckoutPanelProps) {
  if (!twoColumns) {
    return (
      <Card size="small" data-testid="checkout-panel">
        {header}
        {children}
        {footer}
      </Card>
    );
  }
  return (
    <Card
      size="small"
      style={{ position: 'sticky', top: 12, maxHeight: `calc(100vh - ${PANEL_OFFSET_PX}px)`, display: 'flex', flexDirection: 'column' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' } }}
      data-testid="checkout-panel"
    >
      <div style={{ flex: 'none' }}>{header}</div>
      <div style={{ flex: '1 1 auto', minHeight: 0, overflowY: 'auto', marginInline: -12, paddingInline: 12 }} data-testid="checkout-scroll">
        {children}
      </div>
      <div style={{ flex: 'none', borderTop: '1px solid #f0f0f0', marginTop: 8 }}>{footer}</div>
    </Card>
  );
}
