"""What the maths solver (`zuoye.math`) says: why it refuses a question, its budgets, its verdicts on
a reply and on a student's working, and its tools' errors.

The solver runs in worker processes; each request carries the caller's language there (see
`zuoye.math._pool`), so these are said in the reader's language like every other message.
"""

from __future__ import annotations

from zuoye.messages._text import Text

MATH: dict[str, Text] = {
    # -- what the solver can do, added where it cannot tell what a question asks ------------------
    "math.understands": Text(
        "能做：计算、化简、因式分解、展开、解方程(组)、解不等式(组)、求导、积分、极限、函数求值、最值、"
        "最大公约数/最小公倍数、平均数/方差/中位数、阶乘/排列/组合、等差/等比数列、行列式。",
        "It can do: arithmetic, simplify, factor, expand, equations and systems, inequalities, "
        "derivatives, integrals, limits, function values, max/min, gcd/lcm, mean/variance/median, "
        "factorial/permutations/combinations, arithmetic/geometric sequences, determinants.",
    ),
    "math.no_task": Text(
        "看不出这道题要做什么。{understands}", "What the question asks is unclear. {understands}"
    ),
    "math.function_no_task": Text(
        "定义了函数，但没看出要求什么。{understands}",
        "A function is defined, but what to find is unclear. {understands}",
    ),
    "math.no_function_value": Text(
        "没看出要求哪个函数值。{understands}", "Which function value to find is unclear. {understands}"
    ),
    "math.no_expression": Text(
        "没有找到要处理的式子。{understands}", "No expression to work on was found. {understands}"
    ),
    # -- the input ----------------------------------------------------------------------------------
    "math.not_a_string": Text(
        "{what}应该是字符串，得到 {type}。", "The {what} must be a string, not {type}."
    ),
    "math.what.question": Text("题目", "question"),
    "math.what.value": Text("值", "value"),
    "math.what.expression": Text("式子", "expression"),
    "math.what.line_before": Text("上一行", "line before"),
    "math.what.line": Text("这一行", "line"),
    "math.working_not_lines": Text(
        "解题过程应是字符串列表，每行一个。", "The working must be a list of strings, one per line."
    ),
    "math.empty_question": Text(
        "题目是空的：请输入一道数学题。", "The question is empty: type a maths problem."
    ),
    "math.input_too_long": Text(
        "输入太长（{length} 个字符，上限 {limit}）：请一次只问一道题。",
        "The input is too long ({length} characters, limit {limit}): ask one problem at a time.",
    ),
    "math.brackets_too_deep": Text(
        "括号嵌套太深（{depth} 层，上限 {limit}）。",
        "The brackets are nested too deeply ({depth} levels, limit {limit}).",
    ),
    "math.not_understood_part": Text(
        "题目中有计算机看不懂的部分：{parts}。为了不答成另一道题，计算机不解这道题。"
        "请把这部分写成算式（例如 x 的平方写成 x^2），或者让 ERNIE 来读题。",
        "Part of the question was not understood ({parts}); so as not to answer a different question, "
        "the solver does not answer it. Write that part as maths (e.g. x^2 for x squared), or let ERNIE "
        "read the question.",
    ),
    "math.word_problem": Text(
        "这看起来是一道应用题：求解器只计算写成算式、方程或不等式的题目。"
        "请先列出算式或方程（例如 2x-3=11），或者让 ERNIE 来读题。",
        "This looks like a word problem: the solver only works on expressions, equations and "
        "inequalities. Write it as an expression or equation first (e.g. 2x-3=11), or let ERNIE read it.",
    ),
    "math.ambiguous": Text(
        "“{part}”有不止一种读法：{hint}", "“{part}” can be read more than one way: {hint}"
    ),
    "math.hint.function_argument": Text(
        "请用括号写清楚函数作用在哪一部分，例如 sin(π/6) 或 (sin π)/6",
        "use brackets to say what the function applies to, e.g. sin(π/6) or (sin π)/6",
    ),
    "math.hint.single_letters": Text("变量请用单个字母", "use single letters for variables"),
    "math.hint.operation_before_function": Text(
        "请在式子和函数名之间写清楚运算", "write the operation between the expression and the function's name"
    ),
    "math.hint.whole_product": Text(
        "请用括号写清楚是整个乘积还是最后一个因数",
        "use brackets to say whether the whole product is meant or only its last factor",
    ),
    "math.hint.whole_expression": Text(
        "请用括号写清楚是整个式子还是最后一个数",
        "use brackets to say whether the whole expression is meant or only its last number",
    ),
    "math.hint.root_brackets": Text(
        "根号下有几项时请加括号，例如 {example}", "put brackets round a root of several terms, e.g. {example}"
    ),
    "math.hint.two_roots": Text(
        "要算术平方根请写“算术平方根”或 √；平方根有正负两个，可以写成方程 x^2=… 来解",
        "for the principal square root write “算术平方根” or √; a number has two square roots, ± — to "
        "find both, write the equation x^2=… and solve it",
    ),
    "math.hint.times": Text("乘号请写 × 或 *，不要用字母 x", "write × or * for times, not the letter x"),
    "math.hint.letter_digit": Text(
        "平方请写 {letter}^2 或 {letter}²，乘法请写 {digit}{letter}",
        "write {letter}^2 or {letter}² for a square, {digit}{letter} for a product",
    ),
    "math.units_differ": Text(
        "单位不一致（{units}）：请先换算成同一个单位",
        "the units differ ({units}): convert them to one unit first",
    ),
    "math.several_tasks": Text(
        "一道题里有几个要求（{tasks}），请一次只问一个",
        "the question asks several things ({tasks}): ask one at a time",
    ),
    "math.enumeration": Text("、", ", "),
    "math.parts_separator": Text("；", "; "),
    "math.function_definition_unreadable": Text(
        "函数 {name}({var}) 的定义看不懂。", "The definition of {name}({var}) cannot be read."
    ),
    # -- reading the maths (lexer and parser) ---------------------------------------------------------
    "math.parse.at": Text("（位置 {pos}）", " at position {pos}"),
    "math.parse.at_end": Text("（在末尾）", " at the end"),
    "math.parse.end": Text("结尾", "the end"),
    "math.parse.unknown_word": Text(
        "不认识的词 “{word}”（位置 {pos}）：变量请用单个字母，函数请用 sin、sqrt、log 等。",
        "Unknown word '{word}' at position {pos}: use single letters for variables and known function "
        "names (sin, sqrt, log, ...).",
    ),
    "math.parse.number_too_long": Text(
        "数字太长（{digits} 位，上限 {limit} 位）。", "A number is too long ({digits} digits, limit {limit})."
    ),
    "math.parse.stray_backslash": Text(
        "无法识别的 “\\” 用法（位置 {pos}）。", "A backslash that means nothing here, at position {pos}."
    ),
    "math.parse.unexpected_character": Text(
        "无法识别的字符 “{char}”（位置 {pos}）。", "Unexpected character '{char}' at position {pos}."
    ),
    "math.parse.expected": Text(
        "这里应该是 “{expected}”，却是 “{found}”{where}。", "Expected '{expected}', found '{found}'{where}."
    ),
    "math.parse.too_deep": Text(
        "表达式嵌套太深（上限 {limit} 层）。", "The expression is nested too deeply (limit {limit})."
    ),
    "math.parse.bad_subscript": Text(
        "下标只能是数字或字母{where}。", "A subscript must be a number or a letter{where}."
    ),
    "math.parse.bad_scripts": Text("上下标写法不对{where}。", "Malformed subscript or superscript{where}."),
    "math.parse.unsupported_latex": Text(
        "不支持的 LaTeX 命令 “{command}”{where}。", "Unsupported LaTeX command '{command}'{where}."
    ),
    "math.parse.unexpected": Text("无法理解 “{found}”{where}。", "Cannot understand '{found}'{where}."),
    "math.parse.missing_operator": Text(
        "两个数之间缺少运算符{where}。", "An operator is missing between two numbers{where}."
    ),
    "math.parse.missing_operand": Text(
        "这里缺少数或式子（遇到 “{found}”）{where}。",
        "A number or expression is missing (found '{found}'){where}.",
    ),
    "math.parse.one_expression": Text(
        "这里只应有一个式子，却有 {count} 个（用逗号分开了）。",
        "One expression was expected here, but there are {count}, separated by commas.",
    ),
    # -- turning the maths into SymPy: budgets and domains ------------------------------------------
    "math.budget": Text("{what}，超出计算预算。", "{what}: beyond the computation budget."),
    "math.budget.power": Text("乘方结果太大", "The power is too large"),
    "math.budget.exponent": Text(
        "指数太大（{exponent}，上限 {limit}）", "The exponent is too large ({exponent}, limit {limit})"
    ),
    "math.budget.terms": Text("展开后约有 {terms} 项", "It would expand to about {terms} terms"),
    "math.budget.factorial": Text(
        "阶乘太大（{n}!，上限 {limit}!）", "The factorial is too large ({n}!, limit {limit}!)"
    ),
    "math.budget.binomial": Text("组合数太大", "The binomial coefficient is too large"),
    "math.budget.permutation": Text("排列数太大", "The number of permutations is too large"),
    "math.budget.degree": Text(
        "多项式次数太高（{degree} 次，上限 {limit}）。",
        "The polynomial's degree is too high ({degree}, limit {limit}).",
    ),
    "math.needs_integer": Text("{what}需要整数，得到 {value}。", "The {what} needs an integer, not {value}."),
    "math.what.factorial": Text("阶乘", "factorial"),
    "math.what.binomial": Text("组合数", "binomial coefficient"),
    "math.what.permutation": Text("排列数", "permutation count"),
    "math.what.gcd_lcm": Text("最大公约数/最小公倍数", "gcd/lcm"),
    "math.negative_factorial": Text("负数没有阶乘。", "A negative number has no factorial."),
    "math.binomial_range": Text(
        "组合数 C({n},{k}) 要求 0 ≤ k ≤ n。", "The binomial coefficient C({n},{k}) needs 0 ≤ k ≤ n."
    ),
    "math.permutation_range": Text(
        "排列数 A({n},{k}) 要求 0 ≤ k ≤ n。", "The permutation count A({n},{k}) needs 0 ≤ k ≤ n."
    ),
    "math.value_expected": Text(
        "这里应该是一个数或式子，不是等式、不等式或列表。",
        "A number or expression was expected here, not an equation, inequality or list.",
    ),
    "math.division_by_zero": Text("除数不能为 0。", "Division by zero."),
    "math.two_arguments": Text("{name}(…) 需要两个参数。", "{name}(…) takes two arguments."),
    "math.unsupported_function": Text("不支持的函数 “{name}”。", "Unsupported function '{name}'."),
    "math.argument_count": Text(
        "{name} 需要 {want} 个参数，给了 {given} 个。", "{name} takes {want} argument(s), not {given}."
    ),
    "math.log_domain": Text(
        "对数的真数必须大于 0（这里是 {value}）。",
        "The argument of a logarithm must be positive (here {value}).",
    ),
    "math.piecewise_pairs": Text(
        "分段函数要写成“式子, 条件”成对的形式。", "A piecewise function needs pairs of value and condition."
    ),
    "math.function_undefined": Text(
        "函数 {name} 还没有定义，请先写出 {name}(x)=…。",
        "The function {name} is not defined: write {name}(x)=… first.",
    ),
    "math.function_not_defined": Text("函数 {name} 没有定义。", "The function {name} is not defined."),
    "math.derivative_one_variable": Text(
        "只支持一元函数的导数。", "Only functions of one variable can be differentiated."
    ),
    "math.function_arity": Text("{name} 需要 {count} 个自变量。", "{name} takes {count} argument(s)."),
    # -- what a kind of problem needs -----------------------------------------------------------------
    "math.factor_what": Text(
        "只能分解含字母的多项式或大于 1 的整数。",
        "Only polynomials in letters and integers above 1 can be factored.",
    ),
    "math.expansion_not_polynomial": Text("这个式子展开后不是多项式。", "The expansion is not a polynomial."),
    "math.not_numeric": Text("这个式子不是数的计算。", "This is not a calculation with numbers."),
    "math.has_unknowns": Text(
        "式子里有未知数，不是数值计算。", "The expression has unknowns: it is not a calculation."
    ),
    "math.undefined_value": Text(
        "这个式子没有意义（例如除以 0）。", "The expression is undefined (for example, a division by 0)."
    ),
    "math.not_real_value": Text(
        "这个式子在实数范围内没有确定的值（例如负数的分数次幂、arcsin 2）：负数的立方根请写 ∛(-8)。",
        "The expression has no definite real value (for example a fractional power of a negative "
        "number, or arcsin 2): write a cube root of a negative number as ∛(-8).",
    ),
    "math.unknown_left": Text(
        "化简后还有字母 {names} 没有给出值。", "After simplifying, no value is given for {names}."
    ),
    "math.condition_unused": Text(
        "题目中的条件 {conditions} 计算机在这类题里用不上；为了不答成另一道题，计算机不解这道题。",
        "The condition {conditions} is one the solver cannot use in this kind of question; so as not to "
        "answer a different question, it does not answer it.",
    ),
    "math.mixed_relations": Text(
        "方程和不等式混在一起，请分开问。", "Equations and inequalities are mixed: ask them separately."
    ),
    "math.one_expression": Text(
        "一次只能处理一个式子，这里有 {count} 个。", "One expression at a time, please: there are {count}."
    ),
    "math.one_value": Text(
        "一次只能求一个式子的值，这里有 {count} 个。",
        "One expression's value at a time, please: there are {count}.",
    ),
    "math.given_inequalities": Text(
        "已知条件里有不等式，求不出确定的值。",
        "The conditions include inequalities: there is no single value.",
    ),
    "math.given_no_letters": Text(
        "要求的式子 ${latex}$ 里没有字母，已知条件用不上：请检查题目。",
        "The expression ${latex}$ has no letters, so the conditions are not used: check the question.",
    ),
    "math.given_no_solution": Text(
        "已知条件没有实数解，无法求值。", "The conditions have no real solution: there is no value."
    ),
    "math.given_undetermined": Text(
        "已知条件不能确定这个式子的值。", "The conditions do not determine the expression's value."
    ),
    "math.inequality_one_unknown": Text(
        "只能解含一个未知数的不等式（这里的未知数：{names}）。",
        "Only inequalities in one unknown can be solved (unknowns here: {names}).",
    ),
    "math.solution_set_complex": Text("解集形式太复杂：{part}。", "The solution set is too complex: {part}."),
    "math.not_inequality": Text("这不是不等式。", "This is not an inequality."),
    "math.depends_on_letters": Text(
        "这道题的解要分情况讨论（取决于其他字母的值），求解器暂时给不出确定的答案。",
        "The solution depends on the values of the other letters (cases): the solver cannot give one "
        "definite answer.",
    ),
    "math.roots_not_finite": Text(
        "求解器没能把这个方程的解写成有限个数（可能有无穷多个解，或者解不能用公式表示），"
        "暂时只能解出有限个实数解的方程。",
        "The solver could not write this equation's solutions as a finite list of numbers (there may be "
        "infinitely many, or no formula for them); it only solves equations with finitely many real "
        "solutions.",
    ),
    "math.system_no_unknowns": Text("方程组里没有未知数。", "The system of equations has no unknowns."),
    "math.critical_points_infinite": Text(
        "导数为 0 的点不是有限个，无法逐一比较。",
        "The derivative is 0 at infinitely many points: they cannot be compared one by one.",
    ),
    "math.domain_complex": Text("定义域 {domain} 太复杂。", "The domain {domain} is too complex."),
    "math.tangent_point": Text(
        "求切线方程需要切点，例如“在点 (1, 1) 处”或“在 x=1 处”。",
        "A tangent needs its point, e.g. “at the point (1, 1)” or “at x=1”.",
    ),
    "math.not_differentiable_target": Text(
        "要求导的不是一个函数式。", "What is to be differentiated is not a function."
    ),
    "math.integral_one_integrand": Text(
        "积分号后面应该只有一个被积函数。", "One integrand was expected after ∫."
    ),
    "math.integral_limits": Text(
        "定积分需要上下限，例如 ∫_0^1 x^2 dx。", "A definite integral needs its limits, e.g. ∫_0^1 x^2 dx."
    ),
    "math.integral_both_limits": Text(
        "定积分要同时给出上限和下限。", "Give both limits of a definite integral."
    ),
    "math.no_antiderivative": Text(
        "这个函数的原函数不能用初等函数表示（或超出了本求解器的能力）。",
        "This function has no antiderivative in elementary functions (or none the solver can find).",
    ),
    "math.letters_only": Text(
        "“{expr}” 只是字母，没有可以计算或化简的地方：请写出完整的数学题（例如 化简 2a+3a）。",
        "“{expr}” is letters only, with nothing to compute or simplify: write the whole maths question "
        "(e.g. simplify 2a+3a).",
    ),
    "math.integral_not_exact": Text(
        "这个定积分算不出精确值。", "This definite integral could not be evaluated exactly."
    ),
    "math.integral_improper": Text(
        "被积函数在积分区间上不连续（或不是实数），不能直接用牛顿—莱布尼茨公式：这是反常积分，求解器不算。",
        "The integrand is not continuous (or not real) on the interval, so the Newton–Leibniz formula "
        "does not apply: this is an improper integral, which the solver does not evaluate.",
    ),
    "math.limit_approach": Text(
        "求极限要写出自变量趋于哪里，例如 lim_{{x→0}} sin(x)/x 或 “当 x→0 时”。",
        "Say where the variable tends, e.g. lim_{{x→0}} sin(x)/x or “as x→0”.",
    ),
    "math.numbers_expected": Text(
        "这里需要一组数，却有式子 {value}。", "Numbers were expected, not {value}."
    ),
    "math.gcd_lcm_numbers": Text(
        "求最大公约数/最小公倍数需要两个或更多正整数。", "A gcd or lcm needs two or more positive integers."
    ),
    "math.statistics_data": Text(
        "统计题需要一组数据，例如：2, 4, 6, 8。", "Statistics needs a list of data, e.g. 2, 4, 6, 8."
    ),
    "math.determinant_missing": Text(
        "没有找到行列式，请写成 [[2, 1], [1, 3]] 的形式。",
        "No determinant found: write the matrix as [[2, 1], [1, 3]].",
    ),
    "math.determinant_square": Text(
        "行列式必须是方阵（行数等于列数）。", "A determinant needs a square matrix (as many rows as columns)."
    ),
    "math.matrix_form": Text("矩阵要写成 [[a, b], [c, d]]。", "Write the matrix as [[a, b], [c, d]]."),
    "math.sequence_both": Text(
        "同时出现等差和等比数列，请分开问。",
        "Both an arithmetic and a geometric sequence: ask them separately.",
    ),
    "math.sequence_what": Text(
        "没看出要求第几项、前几项和还是通项公式。",
        "Say which term, which sum or the general formula is wanted.",
    ),
    "math.sequence_underdetermined": Text(
        "已知条件不够确定首项和公差（公比）。",
        "The conditions are not enough to find the first term and the common difference (or ratio).",
    ),
    # -- checking values and a student's working -----------------------------------------------------
    "math.check.no_relation": Text(
        "没有找到要代入的方程或不等式。", "No equation or inequality to substitute into was found."
    ),
    "math.check.value_unreadable": Text(
        "看不懂要代入的值 “{value}”。", "The value '{value}' cannot be read."
    ),
    "math.check.value_count": Text(
        "给了 {values} 个值，但有 {unknowns} 个未知数。", "{values} value(s) for {unknowns} unknown(s)."
    ),
    "math.check.value_missing": Text("没有给出 {names} 的值。", "No value is given for {names}."),
    "math.check.working_lines": Text(
        "解题过程应是一行一行的字符串列表。", "The working must be a list of strings, one per line."
    ),
    "math.check.working_too_long": Text(
        "解题过程太长（上限 {limit} 行）。", "The working is too long (limit {limit} lines)."
    ),
    "math.check.line_unreadable": Text(
        "第 {line} 行看不懂：{reason}", "Line {line} cannot be read: {reason}"
    ),
    "math.check.nothing": Text("没有可检查的内容。", "There is nothing to check."),
    "math.check.line_relation": Text(
        "第 {line} 行是关系式，与上面的计算不连贯。",
        "Line {line} is an equation or inequality, which does not continue the calculation above.",
    ),
    "math.check.line_not_equal": Text(
        "第 {line} 行的 ${value}$ 不等于上一步的 ${previous}$。",
        "Line {line}'s ${value}$ is not equal to the step before, ${previous}$.",
    ),
    "math.check.all_equal": Text("每一步都和上一步相等。", "Every step equals the one before."),
    "math.check.line_not_equation": Text(
        "第 {line} 行应该是一个方程或不等式。", "Line {line} should be one equation or inequality."
    ),
    "math.check.all_follow": Text(
        "每一步都与上一步同解，推导正确。",
        "Every line has the same solutions as the one before: the working is right.",
    ),
    "math.check.not_following": Text(
        "第 {line} 行与第 {previous} 行不同解",
        "Line {line} does not have the same solutions as line {previous}",
    ),
    "math.check.lost": Text("丢了解 ${set}$", "it loses ${set}$"),
    "math.check.gained": Text("多出了 ${set}$", "it gains ${set}$"),
    "math.check.details": Text("（{details}）", " ({details})"),
    "math.check.separator": Text("，", ", "),
    "math.check.sets": Text(
        "：上一行的解集是 ${before}$，这一行是 ${after}$",
        ": the line before has the solution set ${before}$, this one ${after}$",
    ),
    "math.check.end": Text("{reason}。", "{reason}."),
    # -- a model's reply against the solver's answer --------------------------------------------------
    "math.reply.empty": Text("回复是空的。", "The reply is empty."),
    "math.reply.undecided": Text("无法判断：{reason}", "Cannot judge: {reason}"),
    "math.reply.no_marked_answer": Text(
        "回复里没有明确的最终答案（最后一行与答案不同，可能只是中间步骤）。",
        "The reply has no clearly marked final answer (its last line differs from the answer and may "
        "be an intermediate step).",
    ),
    "math.reply.no_answer": Text(
        "在回复里没有找到可读的最终答案。", "No final answer that can be read was found in the reply."
    ),
    "math.reply.unreadable": Text(
        "读不懂回复的最终答案中的“{shown}”。", "Could not read “{shown}” in the reply's final answer."
    ),
    "math.reply.all_reals": Text("都认为任意实数都是解。", "Both say every real number is a solution."),
    "math.reply.both_no_solution": Text("都认为没有实数解。", "Both say there is no real solution."),
    "math.reply.solutions_for_none": Text(
        "回复给出了解，但这个方程没有实数解。",
        "The reply gives solutions, but the equation has no real solution.",
    ),
    "math.reply.says_none": Text(
        "回复说无解，但解为 {answer}。",
        "The reply says there is no solution, but the solutions are {answer}.",
    ),
    "math.reply.values_differ": Text(
        "{var} 的值不同：计算机求得 {shown}。", "The values of {var} differ: the computer found {shown}."
    ),
    "math.reply.same_solutions": Text("解相同。", "The same solutions."),
    "math.reply.same_set": Text("解集相同。", "The same solution set."),
    "math.reply.set_differs": Text(
        "解集不同：计算机求得 {shown}。", "A different solution set: the computer found {shown}."
    ),
    "math.reply.or": Text(" 或 ", " or "),
    "math.reply.all_real_numbers": Text("全体实数", "all real numbers"),
    "math.reply.no_solution": Text("无解", "no solution"),
    "math.reply.both_none": Text("都认为不存在。", "Both say it does not exist."),
    "math.reply.same_answer": Text("答案相同。", "The same answer."),
    "math.reply.unit_differs": Text(
        "数相同，但单位不对：应为 {unit}。",
        "The number is the same, but the unit is wrong: it should be {unit}.",
    ),
    "math.reply.percent_sign": Text(
        "答案的数与百分数相符，但没有写 % 号，无法确定它的意思。",
        "The number matches the percentage, but without a % sign its meaning is unclear.",
    ),
    "math.reply.too_few_digits": Text(
        "答案是只有一位小数的近似值，与计算机的结果相符，但位数太少，无法确认。",
        "The answer is an approximation to one decimal place that fits the computer's result, but "
        "with too few digits to confirm it.",
    ),
    "math.reply.converted": Text(
        "答案相同（换算成了另一个单位）。", "The same answer (converted to another unit)."
    ),
    "math.reply.approximation": Text("答案是正确的近似值。", "The answer is a correct approximation."),
    "math.reply.several_values": Text(
        "最终答案里有几个数，计算机的结果在其中但不是最后一个，无法确定哪个是答案。",
        "The final answer holds several numbers; the computer's result is among them but not last, so "
        "which one is the answer is unclear.",
    ),
    "math.reply.answer_differs": Text(
        "答案不同：计算机求得 {answer}。", "A different answer: the computer found {answer}."
    ),
    "math.reply.approximation_agrees": Text(
        "只给了近似值，与 {answer} 相符。", "Only an approximation is given, and it agrees with {answer}."
    ),
    "math.reply.approximation_differs": Text(
        "近似值与 {answer} 不符。", "The approximation does not agree with {answer}."
    ),
    "math.reply.not_factored": Text(
        "结果没有分解成因式的乘积。", "The result is not written as a product of factors."
    ),
    "math.reply.not_fully_factored": Text(
        "没有分解彻底：${factor}$ 还能继续分解。", "Not fully factored: ${factor}$ factors further."
    ),
    "math.reply.not_expanded": Text("结果没有展开。", "The result is not expanded."),
    "math.reply.same_equation": Text("方程相同。", "The same equation."),
    "math.reply.expected": Text("应为 {shown}。", "It should be {shown}."),
    # -- zuoye solve --batch: a line of its input that is not a problem ---------------------------------
    "math.batch.not_json": Text(
        "第 {line} 行不是合法的 JSON（{reason}）。", "Line {line} is not valid JSON ({reason})."
    ),
    "math.batch.not_object": Text(
        '第 {line} 行应是 JSON 对象 {{"id", "q"}}。', 'Line {line} should be a JSON object {{"id", "q"}}.'
    ),
    "math.batch.no_question": Text(
        '第 {line} 行缺少题目字段 "q"（字符串）。', 'Line {line} has no question: the field "q" (a string).'
    ),
    "math.batch.internal": Text("内部错误（{kind}）。", "Internal error ({kind})."),
    # -- the worker processes ------------------------------------------------------------------------------
    "math.worker.no_start": Text("求解进程启动失败。", "The solver's worker process could not start."),
    "math.worker.died": Text("求解进程意外退出。", "The solver's worker process stopped unexpectedly."),
    "math.worker.timeout": Text(
        "计算超时（超过 {seconds} 秒），已停止：题目可能太大或太复杂。",
        "Stopped after {seconds} s: the problem may be too large or too hard.",
    ),
    "math.worker.resources": Text(
        "计算超出资源预算，求解进程已退出。", "The calculation ran out of its resources and was stopped."
    ),
    "math.worker.memory": Text(
        "计算需要的内存超出预算。", "The calculation needs more memory than its budget."
    ),
    "math.worker.recursion": Text(
        "表达式太复杂（递归太深）。", "The expression is too complex (nested too deeply)."
    ),
    "math.worker.internal": Text(
        "求解器没能算完这道题（程序内部出错，不是你的错）：请换一种写法再试，或者让 ERNIE 来解。",
        "The solver failed on this problem (an internal error, not your fault): write it another way, "
        "or let ERNIE answer it.",
    ),
    # -- the solver's tools, as the model calls them ---------------------------------------------------
    "math.tool.unknown": Text(
        "没有名为 “{name}” 的工具，可用的有：{known}。",
        "There is no tool named '{name}'; the tools are: {known}.",
    ),
    "math.tool.invalid_json": Text(
        "参数不是合法的 JSON：{reason}。", "The arguments are not valid JSON: {reason}."
    ),
    "math.tool.not_object": Text("参数必须是一个 JSON 对象。", "The arguments must be a JSON object."),
    "math.tool.invalid_arguments": Text("参数不对：{reason}", "Invalid arguments: {reason}"),
    "math.tool.failed": Text("工具内部错误（{kind}）。", "The tool failed ({kind})."),
}
