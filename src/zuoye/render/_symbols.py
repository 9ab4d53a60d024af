"""Tables for LaTeX → Unicode: symbols, accents, script characters, function names.

Chosen for what Chinese school and first-year university maths actually uses (geometry's
∠ △ ∥ ⊥ ≌, set notation, ∵ ∴, intervals, limits, vectors, repeating decimals), not for
completeness: anything missing degrades to the command's own text.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
    "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
    "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

# Binary operators, relations, arrows, sets, logic and the rest: one character each.
SYMBOLS = {
    # arithmetic
    "times": "×", "div": "÷", "cdot": "·", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "setminus": "∖",
    # relations
    "le": "≤", "leq": "≤", "leqslant": "⩽", "ge": "≥", "geq": "≥", "geqslant": "⩾",
    "ne": "≠", "neq": "≠", "approx": "≈", "equiv": "≡", "sim": "∼", "simeq": "≃",
    "cong": "≌", "ll": "≪", "gg": "≫", "propto": "∝", "doteq": "≐",
    "parallel": "∥", "perp": "⊥", "mid": "∣", "nmid": "∤",
    # sets and logic
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "subsetneq": "⊊",
    "supset": "⊃", "supseteq": "⊇", "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "land": "∧",
    "wedge": "∧", "lor": "∨", "vee": "∨",
    "complement": "∁",
    # arrows
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⇔", "implies": "⇒",
    "impliedby": "⇐", "mapsto": "↦", "uparrow": "↑", "downarrow": "↓",
    "longrightarrow": "⟶", "longleftarrow": "⟵", "Longrightarrow": "⟹",
    "longleftrightarrow": "⟷", "Longleftrightarrow": "⟺", "rightleftharpoons": "⇌",
    # geometry and misc
    "angle": "∠", "measuredangle": "∡", "triangle": "△", "square": "□", "Box": "□",
    "blacksquare": "■", "diamond": "◇", "because": "∵", "therefore": "∴",
    "infty": "∞", "partial": "∂", "nabla": "∇", "degree": "°", "prime": "′", "hbar": "ℏ",
    "ell": "ℓ", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "wp": "℘", "top": "⊤", "bot": "⊥",
    "checkmark": "✓", "dagger": "†", "ddagger": "‡", "S": "§", "P": "¶",
    "cdots": "⋯", "ldots": "…", "dots": "…", "dotsb": "⋯", "dotsc": "…", "vdots": "⋮", "ddots": "⋱",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]", "vert": "|", "Vert": "‖",
    "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "backslash": "\\",
    "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮", "sum": "∑", "prod": "∏",
    "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂",
}  # fmt: skip

# `\{`, `\%` and friends: the escaped character itself. (`\\` outside a row context — as an
# argument, say — is just a break between words.)
ESCAPED = {"{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "|": "‖", "\\": " "}

# Spacing commands: LaTeX spacing becomes plain spaces.
SPACES = {",": " ", ":": " ", ";": " ", ">": " ", " ": " ", "!": "", "quad": "  ", "qquad": "    ",
          "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " ", "space": " "}  # fmt: skip

# Relations and binary operators negated by `\not`.
NEGATED = {"=": "≠", "∈": "∉", "⊂": "⊄", "⊆": "⊈", "⊃": "⊅", "≡": "≢", "∼": "≁", "<": "≮", ">": "≯",
           "≤": "≰", "≥": "≱", "∥": "∦", "∣": "∤", "≈": "≉", "≌": "≇"}  # fmt: skip

# Upright operator names: printed as words, followed by a space before an argument.
FUNCTIONS = words(
    "sin cos tan cot sec csc arcsin arccos arctan arccot sinh cosh tanh coth log ln lg exp lim "
    "limsup liminf max min sup inf det gcd lcm arg deg dim ker Pr hom mod sgn"
)
# Operators whose sub/superscripts are limits written under/over them.
LIMIT_OPERATORS = frozenset({"lim", "limsup", "liminf", "max", "min", "sup", "inf"})

# Combining marks for accents (applied after each character of the argument).
ACCENTS = {
    "bar": "\u0304", "overline": "\u0305", "underline": "\u0332", "hat": "\u0302",
    "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307",
    "ddot": "\u0308", "vec": "\u20d7", "overrightarrow": "\u20d7", "overleftarrow": "\u20d6",
    "acute": "\u0301", "grave": "\u0300", "check": "\u030c", "breve": "\u0306",
}  # fmt: skip
# Accents drawn over each character (a line) rather than once over the last one (an arrow).
PER_CHARACTER_ACCENTS = frozenset({"overline", "underline", "bar", "widehat", "widetilde", "dot", "ddot"})

DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ"}

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW′∘",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ′°",
        strict=True,
    )
)
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
# A minus inside a script is already the minus sign (U+2212) by the time it is raised or lowered.
SUPERSCRIPTS["\u2212"] = SUPERSCRIPTS["-"]
SUBSCRIPTS["\u2212"] = SUBSCRIPTS["-"]

# Delimiters after \left, \right, \big…: what they print as.
DELIMITERS = {
    "(": "(", ")": ")", "[": "[", "]": "]", "\\{": "{", "\\}": "}", "|": "|", "\\|": "‖", ".": "",
    "/": "/", "<": "⟨", ">": "⟩",
    "\\langle": "⟨", "\\rangle": "⟩", "\\lfloor": "⌊", "\\rfloor": "⌋", "\\lceil": "⌈", "\\rceil": "⌉",
    "\\lbrace": "{", "\\rbrace": "}", "\\vert": "|", "\\Vert": "‖", "\\lvert": "|", "\\rvert": "|",
    "\\lVert": "‖", "\\rVert": "‖", "\\lbrack": "[", "\\rbrack": "]",
}  # fmt: skip
SIZED = words("left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm Bigm")

# Commands that change style only: their argument is printed as it is.
STYLE_WRAPPERS = words(
    "mathrm mathit mathbf mathsf mathtt mathcal mathscr mathfrak boldsymbol bm pmb mathnormal "
    "displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits mathop mathrel "
    "mathbin mathord mathopen mathclose mathpunct"
)
TEXT_COMMANDS = frozenset(
    ["text", "textrm", "textbf", "textit", "textsf", "texttt", "textnormal", "mbox", "hbox", "emph"]
)
# Commands with no visible output.
IGNORED = words("displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag")

# Commands that make a run of text bare LaTeX (see _bare): all clearly mathematical.
BARE_TRIGGERS = (
    frozenset(GREEK)
    | (frozenset(SYMBOLS) - {"S", "P", "top", "bot", "dagger", "ddagger", "checkmark"})
    | frozenset(ACCENTS)
    | frozenset(FUNCTIONS)
    | words(
        "frac dfrac tfrac cfrac sqrt binom dbinom tbinom boxed left right overset underset stackrel "
        "mathbb mathrm operatorname xrightarrow pmod bmod not text"
    )
)

# Spacing classes for commands and characters (TeX's bin/rel/op atoms).
BINS = words(
    "times div cdot pm mp ast star circ bullet oplus otimes odot setminus cup cap land lor wedge vee"
)
RELS = words(
    "le leq leqslant ge geq geqslant ne neq approx equiv sim simeq cong ll gg propto doteq "
    "parallel perp mid nmid in notin ni subset subseteq subsetneq supset supseteq to rightarrow "
    "leftarrow gets leftrightarrow Rightarrow Leftarrow Leftrightarrow iff implies impliedby "
    "mapsto longrightarrow longleftarrow Longrightarrow longleftrightarrow Longleftrightarrow "
    "rightleftharpoons"
)
BIG_OPS = frozenset(["int", "iint", "iiint", "oint", "sum", "prod", "coprod", "bigcup", "bigcap"])
CHAR_KIND = {"+": "bin", "-": "bin", "*": "bin", "/": "bin", "=": "rel", "<": "rel", ">": "rel", ":": "rel",
              "(": "open", "[": "open", ")": "close", "]": "close", ",": "punct", ";": "punct"}  # fmt: skip
# Environments: matrices (with their delimiters) and cases.
ENV_MATRIX = {"matrix": ("", ""), "smallmatrix": ("", ""), "array": ("", ""), "pmatrix": ("(", ")"),
               "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"), "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖")}  # fmt: skip
ENV_CASES = frozenset({"cases", "dcases", "rcases"})
