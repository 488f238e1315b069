// Fixed lists of the customer record, shared by the server (validation, export labels) and
// the web screens. This file must stay free of Node-only imports, because the web bundle
// includes it.

/** The 47 prefectures in the order of the Japanese local government codes (JIS X 0401). */
export const PREFECTURES = [
  { ja: '北海道', en: 'Hokkaido' },
  { ja: '青森県', en: 'Aomori' },
  { ja: '岩手県', en: 'Iwate' },
  { ja: '宮城県', en: 'Miyagi' },
  { ja: '秋田県', en: 'Akita' },
  { ja: '山形県', en: 'Yamagata' },
  { ja: '福島県', en: 'Fukushima' },
  { ja: '茨城県', en: 'Ibaraki' },
  { ja: '栃木県', en: 'Tochigi' },
  { ja: '群馬県', en: 'Gunma' },
  { ja: '埼玉県', en: 'Saitama' },
  { ja: '千葉県', en: 'Chiba' },
  { ja: '東京都', en: 'Tokyo' },
  { ja: '神奈川県', en: 'Kanagawa' },
  { ja: '新潟県', en: 'Niigata' },
  { ja: '富山県', en: 'Toyama' },
  { ja: '石川県', en: 'Ishikawa' },
  { ja: '福井県', en: 'Fukui' },
  { ja: '山梨県', en: 'Yamanashi' },
  { ja: '長野県', en: 'Nagano' },
  { ja: '岐阜県', en: 'Gifu' },
  { ja: '静岡県', en: 'Shizuoka' },
  { ja: '愛知県', en: 'Aichi' },
  { ja: '三重県', en: 'Mie' },
  { ja: '滋賀県', en: 'Shiga' },
  { ja: '京都府', en: 'Kyoto' },
  { ja: '大阪府', en: 'Osaka' },
  { ja: '兵庫県', en: 'Hyogo' },
  { ja: '奈良県', en: 'Nara' },
  { ja: '和歌山県', en: 'Wakayama' },
  { ja: '鳥取県', en: 'Tottori' },
  { ja: '島根県', en: 'Shimane' },
  { ja: '岡山県', en: 'Okayama' },
  { ja: '広島県', en: 'Hiroshima' },
  { ja: '山口県', en: 'Yamaguchi' },
  { ja: '徳島県', en: 'Tokushima' },
  { ja: '香川県', en: 'Kagawa' },
  { ja: '愛媛県', en: 'Ehime' },
  { ja: '高知県', en: 'Kochi' },
  { ja: '福岡県', en: 'Fukuoka' },
  { ja: '佐賀県', en: 'Saga' },
  { ja: '長崎県', en: 'Nagasaki' },
  { ja: '熊本県', en: 'Kumamoto' },
  { ja: '大分県', en: 'Oita' },
  { ja: '宮崎県', en: 'Miyazaki' },
  { ja: '鹿児島県', en: 'Kagoshima' },
  { ja: '沖縄県', en: 'Okinawa' },
] as const;

/** Prefecture names as stored in customers.prefecture: the Japanese name, "東京都". */
export const PREFECTURE_NAMES: readonly string[] = PREFECTURES.map((prefecture) => prefecture.ja);

/** Fingers a ring size is recorded for, left hand first, thumb to little finger. */
export const FINGERS = [
  'left_thumb',
  'left_index',
  'left_middle',
  'left_ring',
  'left_little',
  'right_thumb',
  'right_index',
  'right_middle',
  'right_ring',
  'right_little',
] as const;
export type Finger = (typeof FINGERS)[number];

export const FINGER_LABELS: Record<Finger, { ja: string; en: string }> = {
  left_thumb: { ja: '左手 親指', en: 'Left thumb' },
  left_index: { ja: '左手 人差し指', en: 'Left index finger' },
  left_middle: { ja: '左手 中指', en: 'Left middle finger' },
  left_ring: { ja: '左手 薬指', en: 'Left ring finger' },
  left_little: { ja: '左手 小指', en: 'Left little finger' },
  right_thumb: { ja: '右手 親指', en: 'Right thumb' },
  right_index: { ja: '右手 人差し指', en: 'Right index finger' },
  right_middle: { ja: '右手 中指', en: 'Right middle finger' },
  right_ring: { ja: '右手 薬指', en: 'Right ring finger' },
  right_little: { ja: '右手 小指', en: 'Right little finger' },
};

/** Most anniversaries one customer record keeps; a merge may combine two full lists. */
export const MAX_ANNIVERSARIES = 50;
