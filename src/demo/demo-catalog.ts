import catalog from './demo-catalog.json';

export type DemoProduct = { sku: string; name: string; price: number; category: string };
export type DemoCustomer = { id: string; name: string; email: string; tier: 'standard' | 'gold' };

export const STORE_NAME = 'Harbor Outfitters';

/** The demo store's products, customers, shipping addresses and models: data, in demo-catalog.json. */
export const PRODUCTS: readonly DemoProduct[] = catalog.products;
export const CUSTOMERS = catalog.customers as readonly DemoCustomer[];
export const CITIES: readonly string[] = catalog.addresses;
export const MODELS: readonly string[] = catalog.models;
