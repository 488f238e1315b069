import { defineErrors } from '../shared/errors.js';

/** Failures of the command line itself; module errors keep their own codes. */
export const cliErrors = defineErrors({
  bad_arguments: {
    kind: 'invalid',
    ja: (p: { detail: string }) => `引数を解釈できません（${p.detail}）。使い方は \`tsunagu help\` で確認できます。`,
    en: (p: { detail: string }) => `The arguments are invalid (${p.detail}). Run \`tsunagu help\` for usage.`,
  },
  missing_argument: {
    kind: 'invalid',
    ja: (p: { name: string }) => `${p.name} を指定してください。使い方は \`tsunagu help\` で確認できます。`,
    en: (p: { name: string }) => `${p.name} is missing. Run \`tsunagu help\` for usage.`,
  },
  unexpected_argument: {
    kind: 'invalid',
    ja: (p: { value: string }) => `余分な引数「${p.value}」があります。使い方は \`tsunagu help\` で確認できます。`,
    en: (p: { value: string }) => `Unexpected argument "${p.value}". Run \`tsunagu help\` for usage.`,
  },
  unknown_command: {
    kind: 'invalid',
    ja: (p: { command: string }) => `コマンド「${p.command}」はありません。\`tsunagu help\` で一覧を確認してください。`,
    en: (p: { command: string }) => `There is no command "${p.command}". Run \`tsunagu help\` for the list.`,
  },
  invalid_option: {
    kind: 'invalid',
    ja: (p: { option: string; value: string; allowed: string }) =>
      `--${p.option} の値「${p.value}」は使えません。次のいずれかを指定してください: ${p.allowed}`,
    en: (p: { option: string; value: string; allowed: string }) =>
      `--${p.option} cannot be "${p.value}". Use one of: ${p.allowed}`,
  },
  missing_option: {
    kind: 'invalid',
    ja: (p: { option: string }) => `--${p.option} を指定してください。`,
    en: (p: { option: string }) => `The option --${p.option} is required.`,
  },
  file_not_found: {
    kind: 'not_found',
    ja: (p: { file: string }) => `ファイル ${p.file} が見つかりません。パスを確認してください。`,
    en: (p: { file: string }) => `The file ${p.file} was not found. Check the path.`,
  },
  folder_not_found: {
    kind: 'not_found',
    ja: (p: { folder: string }) => `フォルダー ${p.folder} がありません。先に作成するか、別の保存先を指定してください。`,
    en: (p: { folder: string }) => `The folder ${p.folder} does not exist. Create it first or choose another destination.`,
  },
  file_exists: {
    kind: 'conflict',
    ja: (p: { file: string }) => `ファイル ${p.file} は既に存在します。上書きしないので、別の名前を指定するか先に移動してください。`,
    en: (p: { file: string }) => `The file ${p.file} already exists. It is not overwritten: give another name or move it first.`,
  },
  sqlite_only: {
    kind: 'invalid',
    ja: (p: { command: string; tool: string }) =>
      `${p.command} は SQLite 専用です。PostgreSQL (DATABASE_URL) では ${p.tool} を使ってください。`,
    en: (p: { command: string; tool: string }) =>
      `${p.command} works on SQLite only. On PostgreSQL (DATABASE_URL) use ${p.tool} instead.`,
  },
  no_database: {
    kind: 'not_found',
    ja: (p: { file: string }) => `データベース ${p.file} がありません。DATA_DIR を確認してください。`,
    en: (p: { file: string }) => `There is no database at ${p.file}. Check DATA_DIR.`,
  },
  not_a_tsunagu_database: {
    kind: 'invalid',
    ja: (p: { file: string; reasonJa: string; reasonEn: string }) => `${p.file} は tsunagu のデータベースとして使えません: ${p.reasonJa}`,
    en: (p: { file: string; reasonJa: string; reasonEn: string }) => `${p.file} cannot be used as a tsunagu database: ${p.reasonEn}`,
  },
  database_in_use: {
    kind: 'conflict',
    ja: (p: { file: string }) =>
      `データベース ${p.file} は他のプロセス（起動中のサーバーなど）が使用中です。サーバーを停止してからもう一度実行してください。`,
    en: (p: { file: string }) =>
      `The database ${p.file} is open in another process (a running server?). Stop the server and run the command again.`,
  },
  invalid_email: {
    kind: 'invalid',
    ja: (p: { email: string }) => `メールアドレス「${p.email}」の形式が正しくありません。`,
    en: (p: { email: string }) => `"${p.email}" is not a valid email address.`,
  },
  invalid_key: {
    kind: 'invalid',
    ja: (p: { option: string }) => `--${p.option} には 32 バイトの鍵を 16 進数 64 文字か base64 で指定してください。`,
    en: (p: { option: string }) => `--${p.option} must be a 32-byte key written as 64 hexadecimal characters or in base64.`,
  },
  rotation_unfinished: {
    kind: 'conflict',
    ja: (p: { file: string }) =>
      `中断した鍵のローテーションの新しい鍵 ${p.file} があり、--new-key の鍵と異なります。--new-key を付けずに実行して、先にそのローテーションを完了してください。`,
    en: (p: { file: string }) =>
      `An interrupted key rotation left ${p.file} with another key than --new-key. Run the command without --new-key to finish that rotation first.`,
  },
  same_key: {
    kind: 'invalid',
    ja: () => '新しい鍵が今の鍵と同じです。別の鍵を指定するか、--new-key を付けずに実行して鍵を生成してください。',
    en: () => 'The new key is the key in use. Give another key, or leave out --new-key to generate one.',
  },
});
