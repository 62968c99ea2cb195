export type DemoProduct = { sku: string; name: string; price: number; category: string };
export type DemoCustomer = { id: string; name: string; email: string; tier: 'standard' | 'gold' };

export const STORE_NAME = 'Harbor Outfitters';

export const PRODUCTS: readonly DemoProduct[] = [
  { sku: 'TNT-2P-OLV', name: 'Ridgeline 2-person tent (olive)', price: 289, category: 'camping' },
  { sku: 'BAG-45L-BLK', name: 'Cascade 45L backpack (black)', price: 164, category: 'packs' },
  { sku: 'JKT-RAIN-M', name: 'Stormfront rain jacket, size M', price: 139, category: 'apparel' },
  { sku: 'JKT-RAIN-L', name: 'Stormfront rain jacket, size L', price: 139, category: 'apparel' },
  { sku: 'BT-HIKE-42', name: 'Switchback hiking boots, EU 42', price: 178, category: 'footwear' },
  { sku: 'BT-HIKE-44', name: 'Switchback hiking boots, EU 44', price: 178, category: 'footwear' },
  { sku: 'STV-TI-01', name: 'Emberlite titanium stove', price: 74, category: 'camping' },
  { sku: 'SLP-PAD-R4', name: 'Driftwood sleeping pad R4.2', price: 119, category: 'camping' },
  { sku: 'LMP-HD-400', name: 'Beacon 400 headlamp', price: 45, category: 'accessories' },
  { sku: 'BTL-1L-STL', name: 'Tidewater 1L steel bottle', price: 32, category: 'accessories' },
  { sku: 'SCK-WL-3PK', name: 'Merino hiking socks, 3-pack', price: 39, category: 'apparel' },
  { sku: 'PLS-TRK-CF', name: 'Carbon trekking poles (pair)', price: 129, category: 'accessories' },
];

export const CUSTOMERS: readonly DemoCustomer[] = [
  { id: 'C-10482', name: 'Maya Lindqvist', email: 'maya.lindqvist@example.com', tier: 'gold' },
  { id: 'C-10517', name: 'Daniel Okafor', email: 'd.okafor@example.com', tier: 'standard' },
  { id: 'C-10533', name: 'Priya Raman', email: 'priya.raman@example.com', tier: 'standard' },
  { id: 'C-10561', name: 'Tomás Herrera', email: 'tomas.h@example.com', tier: 'gold' },
  { id: 'C-10598', name: 'Hannah Becker', email: 'hbecker@example.com', tier: 'standard' },
  { id: 'C-10604', name: 'Kenji Watanabe', email: 'kenji.w@example.com', tier: 'standard' },
  { id: 'C-10642', name: 'Aisha Mensah', email: 'aisha.mensah@example.com', tier: 'gold' },
  { id: 'C-10679', name: 'Lucas Moreau', email: 'lucas.moreau@example.com', tier: 'standard' },
  { id: 'C-10715', name: 'Sofia Rossi', email: 'sofia.rossi@example.com', tier: 'standard' },
  { id: 'C-10733', name: 'Owen Gallagher', email: 'owen.g@example.com', tier: 'gold' },
];

export const CITIES = [
  '14 Alder Street, Portland, OR 97205',
  '220 Bay Road, Seattle, WA 98109',
  '9 Pinecrest Lane, Boulder, CO 80302',
  '71 Harbor View, Burlington, VT 05401',
  '508 Canyon Drive, Flagstaff, AZ 86001',
];

export const MODELS = ['gpt-4.1-mini', 'gpt-4.1-mini', 'gpt-4.1', 'claude-sonnet-4-5'];
