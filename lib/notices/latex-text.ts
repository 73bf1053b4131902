// Text into LaTeX source: every character a TeX engine would read as markup is written as the
// command that prints it, so any name or title typesets as typed and can never run TeX code.
// Everything else (accents, CJK, Arabic, …) stays UTF-8: which engine can set it is said in a
// comment beside the snippet (latexEngineNote), not guessed at by transliterating.

const COMMANDS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "%": "\\%",
  "#": "\\#",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  // Not special to TeX, but the classic fonts put other glyphs there (OT1: < prints ¡, " prints ”),
  // and ` '' -- are ligatures: each is written so that it prints itself in every encoding.
  '"': "\\textquotedbl{}",
  "`": "\\textasciigrave{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  "©": "\\textcopyright{}",
};

const SPECIAL = /[\\{}$&%#_~^"`<>|©]|-(?=-)|'(?=')/g;

/** The LaTeX source that prints `text` exactly (line breaks and other controls become spaces). */
export function escapeLatex(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(SPECIAL, (char) => COMMANDS[char] ?? `${char}{}`);
}

// Scripts pdfLaTeX's utf8 input cannot set with its default fonts: they need a Unicode engine and a
// font that covers them. Named, so the comment says which.
const SCRIPTS: { name: string; pattern: RegExp; rightToLeft?: boolean }[] = [
  { name: "Chinese/Japanese (Han)", pattern: /\p{Script=Han}/u },
  { name: "Japanese kana", pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { name: "Korean (Hangul)", pattern: /\p{Script=Hangul}/u },
  { name: "Arabic", pattern: /\p{Script=Arabic}/u, rightToLeft: true },
  { name: "Hebrew", pattern: /\p{Script=Hebrew}/u, rightToLeft: true },
  { name: "Cyrillic", pattern: /\p{Script=Cyrillic}/u },
  { name: "Greek", pattern: /\p{Script=Greek}/u },
  { name: "Devanagari", pattern: /\p{Script=Devanagari}/u },
  { name: "Thai", pattern: /\p{Script=Thai}/u },
];
const OTHER_LETTER = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The `%` comment lines that say what a snippet needs to compile: nothing for ASCII; for Latin
 * letters beyond ASCII, pdfLaTeX's UTF-8 input with T1 fonts; for any other script, a Unicode
 * engine with a font that has it (and right-to-left support for Arabic and Hebrew).
 */
export function latexEngineNote(latex: string): string[] {
  if (/^[\x20-\x7e]*$/.test(latex)) return ["% Plain ASCII: compiles with pdfLaTeX, XeLaTeX or LuaLaTeX."];
  const scripts = SCRIPTS.filter((script) => script.pattern.test(latex));
  const other = scripts.length === 0 && OTHER_LETTER.test(latex);
  if (scripts.length === 0 && !other)
    return [
      "% UTF-8. pdfLaTeX: \\usepackage[utf8]{inputenc} (the default since 2018) and \\usepackage[T1]{fontenc};",
      "% XeLaTeX and LuaLaTeX read it as it is.",
    ];
  const names = [...scripts.map((script) => script.name), ...(other ? ["non-Latin"] : [])].join(", ");
  const note = [
    `% UTF-8 with ${names} text: compile with a Unicode engine (LuaLaTeX or XeLaTeX) and`,
    "% \\usepackage{fontspec} with a font that has these characters (e.g. Noto); pdfLaTeX cannot set them.",
  ];
  if (scripts.some((script) => script.rightToLeft))
    note.push("% Right-to-left text: also load bidi support (babel or polyglossia with bidi=default).");
  return note;
}
