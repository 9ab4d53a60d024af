"""The solver's worked solutions (`zuoye.math`): the step lines, their labels (原式, 移项, 合并同类项…)
and answer sentences, said in the reader's language like the solver's other messages (`_math`).

Only words are translated: the maths between $…$ is the same in both languages. A placeholder
holding maths is LaTeX already; literal LaTeX braces in a fixed formula are doubled.
"""

from __future__ import annotations

from zuoye.messages._text import Text

MATH_STEPS: dict[str, Text] = {
    # -- shared pieces --------------------------------------------------------------------------------
    "math.step.comma": Text("，", ", "),
    "math.step.and": Text("、", " and "),
    "math.step.expression": Text("原式 $= {expr}$", "Expression: ${expr}$"),
    "math.step.answer": Text("答：{answer}", "Answer: {answer}"),
    "math.step.solution": Text("解：", "Solution:"),
    "math.step.none": Text("无", "none"),
    "math.step.full_stop": Text("。", "."),
    "math.step.or": Text(" 或 ", " or "),
    "math.step.and_tex": Text(" \\text{{ 且 }} ", " \\text{{ and }} "),
    "math.step.otherwise": Text("其他", "otherwise"),
    "math.step.or_tex": Text(" \\text{{ 或 }} ", " \\text{{ or }} "),
    "math.step.no_solution": Text("无解", "no solution"),
    # -- what the computer understood (_reading): the task in words, then the maths it read -----------
    "math.step.task.arithmetic": Text("计算", "Calculate"),
    "math.step.task.simplify": Text("化简", "Simplify"),
    "math.step.task.factor": Text("因式分解", "Factor"),
    "math.step.task.expand": Text("展开", "Expand"),
    "math.step.task.equation": Text("解方程", "Solve the equation"),
    "math.step.task.system": Text("解方程组", "Solve the system"),
    "math.step.task.inequality": Text("解不等式", "Solve the inequality"),
    "math.step.task.inequalities": Text("解不等式组", "Solve the system of inequalities"),
    "math.step.task.derivative": Text("求导", "Differentiate"),
    "math.step.task.higher_derivative": Text("求高阶导数", "Find the higher derivative of"),
    "math.step.task.check": Text("判断等式是否成立", "Check whether it holds:"),
    "math.step.task.function_value": Text("求函数值", "Find the function value"),
    "math.step.task.substitution": Text("代入求值", "Substitute and evaluate"),
    "math.step.task.coefficient": Text("求系数", "Find the coefficient"),
    "math.step.task.extremum": Text("求最值", "Find the maximum and minimum of"),
    "math.step.task.simplify_evaluate": Text("先化简，再求值", "Simplify, then evaluate"),
    "math.step.task.conditional_value": Text("已知条件，求值", "Find the value from the conditions"),
    "math.step.read.simplify_first": Text("先化简，再求值：", "Simplify, then evaluate: "),
    "math.step.read.given_find_value": Text(
        "已知 {given}，求 {asked} 的值", "Given {given}, find the value of {asked}"
    ),
    "math.step.read.given_find": Text("已知 {given}，求 {asked}", "Given {given}, find {asked}"),
    "math.step.read.find_value": Text("求 {asked} 的值", "Find the value of {asked}"),
    "math.step.read.find": Text("求 {asked}", "Find {asked}"),
    "math.step.read.notes": Text("（{notes}）", " ({notes})"),
    "math.step.note.pi": Text("取 π = {value}", "π taken as {value}"),
    "math.step.note.unit": Text("单位：{unit}", "unit: {unit}"),
    # -- simplify then evaluate, equalities, complex numbers (_engine) --------------------------------
    "math.step.simplified_to": Text("化简结果为 ${result}$。", "Simplified: ${result}$."),
    "math.step.when_value": Text(
        "当 {given} 时，原式 $= {value}$。", "When {given}, the expression $= {value}$."
    ),
    "math.step.value_is": Text("所以原式的值为 ${value}$。", "So the value of the expression is ${value}$."),
    "math.step.sides": Text(
        "左边 $= {left}$，右边 $= {right}$", "Left side $= {left}$, right side $= {right}$"
    ),
    "math.step.equality_holds": Text("等式成立。", "The equality holds."),
    "math.step.equality_fails": Text("等式不成立。", "The equality does not hold."),
    "math.step.holds": Text("成立", "true"),
    "math.step.fails": Text("不成立", "false"),
    "math.step.complex_expand": Text(
        "利用 $i^{{2}} = -1$ 展开、合并：", "Expand and combine, using $i^{{2}} = -1$:"
    ),
    # -- factor, expand, simplify (_algebra) ----------------------------------------------------------
    "math.step.factor.where_ab": Text("（这里 $a = {a}$，$b = {b}$）", " (here $a = {a}$, $b = {b}$)"),
    "math.step.factor.difference_of_squares": Text(
        "利用平方差公式 $a^{{2}} - b^{{2}} = (a + b)(a - b)${where}",
        "Use the difference of squares $a^{{2}} - b^{{2}} = (a + b)(a - b)${where}",
    ),
    "math.step.factor.perfect_square": Text(
        "利用完全平方公式 $a^{{2}} \\pm 2ab + b^{{2}} = (a \\pm b)^{{2}}$",
        "Use the perfect square formula $a^{{2}} \\pm 2ab + b^{{2}} = (a \\pm b)^{{2}}$",
    ),
    "math.step.factor.cross": Text("十字相乘法：{why}", "Cross method: {why}"),
    "math.step.factor.grouping": Text("分组分解", "Factor by grouping"),
    "math.step.factor.further": Text("继续分解", "Factor further"),
    "math.step.factor.irreducible": Text(
        "在有理数范围内 {expr} 不能再分解。", "{expr} cannot be factored further over the rationals."
    ),
    "math.step.factor.expand_first": Text("先展开整理：$= {expr}$", "First expand and tidy up: $= {expr}$"),
    "math.step.factor.common": Text(
        "提取公因式 {factor}：$= {expr}$", "Take out the common factor {factor}: $= {expr}$"
    ),
    "math.step.factor.method": Text("{why}：$= {expr}$", "{why}: $= {expr}$"),
    "math.step.factor.again": Text(
        "再检查每个因式，继续分解：$= {expr}$", "Check each factor and factor further: $= {expr}$"
    ),
    "math.step.so": Text("所以 {what}。", "So {what}."),
    "math.step.factor.primes": Text(
        "用短除法分解质因数：${n} = {primes}$", "Prime factorisation by repeated division: ${n} = {primes}$"
    ),
    "math.step.expand.square": Text(
        "利用完全平方公式 ${formula}$：$= {expr}$", "Use the perfect square formula ${formula}$: $= {expr}$"
    ),
    "math.step.expand.cube": Text(
        "利用立方公式 ${formula}$：$= {expr}$", "Use the cube formula ${formula}$: $= {expr}$"
    ),
    "math.step.expand.difference_of_squares": Text(
        "利用平方差公式 $(a + b)(a - b) = a^{{2}} - b^{{2}}$：$= {expr}$",
        "Use the difference of squares $(a + b)(a - b) = a^{{2}} - b^{{2}}$: $= {expr}$",
    ),
    "math.step.expand.multiply": Text(
        "用多项式乘法法则，逐项相乘：$= {expr}$", "Multiply each term by each term: $= {expr}$"
    ),
    "math.step.expand.brackets": Text("去括号：$= {expr}$", "Remove the brackets: $= {expr}$"),
    "math.step.expand.combine": Text("合并同类项：$= {expr}$", "Combine like terms: $= {expr}$"),
    "math.step.binomial_term": Text(
        "由二项式定理，$(a + b)^{{n}}$ 展开式的通项为 $T_{{r+1}} = \\mathrm{{C}}_{{n}}^{{r}} a^{{n-r}} b^{{r}}$",
        "By the binomial theorem, the general term of $(a + b)^{{n}}$ is "
        "$T_{{r+1}} = \\mathrm{{C}}_{{n}}^{{r}} a^{{n-r}} b^{{r}}$",
    ),
    "math.step.expanded": Text("展开得：$= {expr}$", "Expanding: $= {expr}$"),
    "math.step.coefficient_is": Text(
        "所以 ${term}$ 的系数为 ${value}$。", "So the coefficient of ${term}$ is ${value}$."
    ),
    "math.step.simplify.common_denominator": Text("通分：$= {expr}$", "Common denominator: $= {expr}$"),
    "math.step.simplify.factor_parts": Text(
        "分子、分母分别因式分解：$= {expr}$", "Factor the numerator and the denominator: $= {expr}$"
    ),
    "math.step.simplify.cancel": Text(
        "约去公因式 {factor}：$= {expr}$", "Cancel the common factor {factor}: $= {expr}$"
    ),
    "math.step.simplify.where": Text("（其中 ${condition}$）", "(where ${condition}$)"),
    "math.step.simplify.trig": Text(
        "利用同角三角函数关系 $\\sin^{{2}} x + \\cos^{{2}} x = 1$ 等恒等式化简：$= {expr}$",
        "Simplify with identities such as $\\sin^{{2}} x + \\cos^{{2}} x = 1$: $= {expr}$",
    ),
    "math.step.simplify.result": Text("化简得：$= {expr}$", "Simplifying: $= {expr}$"),
    "math.step.simplify.so": Text("所以化简结果为 {expr}。", "So the simplified form is {expr}."),
    # -- equations (_equation, _equation_forms) ------------------------------------------------------
    "math.step.eq.original": Text("原方程：{equation}", "The equation: {equation}"),
    "math.step.eq.out_of_range": Text(
        "${root}$ 不在题目给定的范围内，舍去。", "${root}$ is outside the given range: rejected."
    ),
    "math.step.eq.no_radicals": Text(
        "这个方程的根不能用根式表示，下面给出保留 12 位有效数字的近似值。",
        "The roots of this equation cannot be written with radicals; here they are to 12 significant figures.",
    ),
    "math.step.eq.solutions": Text("所以原方程的解为 {roots}。", "So the solution is {roots}."),
    "math.step.eq.no_real_solution": Text("无实数解", "no real solution"),
    "math.step.eq.so_no_real_solution": Text(
        "所以原方程没有实数解。", "So the equation has no real solution."
    ),
    "math.step.eq.so_no_solution": Text("所以原方程无解。", "So the equation has no solution."),
    "math.step.eq.identity": Text(
        "化简后两边恒等，方程对任意实数都成立。",
        "Simplified, both sides are the same: the equation holds for every real number.",
    ),
    "math.step.eq.contradiction": Text(
        "化简后得 ${expr} = 0$，这是矛盾的。", "Simplifying gives ${expr} = 0$, a contradiction."
    ),
    "math.step.eq.clear_denominators": Text(
        "去分母（两边同乘 ${lcm}$）：${equation}$",
        "Clear the denominators (multiply both sides by ${lcm}$): ${equation}$",
    ),
    "math.step.eq.remove_brackets": Text("去括号：${equation}$", "Remove the brackets: ${equation}$"),
    "math.step.eq.move_terms": Text("移项：${equation}$", "Move terms: ${equation}$"),
    "math.step.eq.combine": Text("合并同类项：${equation}$", "Combine like terms: ${equation}$"),
    "math.step.eq.divide": Text(
        "系数化为1（两边同除以 ${coeff}$）：${equation}$",
        "Make the coefficient 1 (divide both sides by ${coeff}$): ${equation}$",
    ),
    "math.step.eq.standard_form": Text(
        "移项、整理成一般形式：${equation}$", "Move terms and write it in standard form: ${equation}$"
    ),
    "math.step.eq.divide_both": Text(
        "两边同除以 ${coeff}$：${equation}$", "Divide both sides by ${coeff}$: ${equation}$"
    ),
    "math.step.eq.square_not_negative": Text(
        "一个数的平方不可能是负数 ${value}$。", "A square cannot be negative, so it cannot equal ${value}$."
    ),
    "math.step.eq.square_root_zero": Text(
        "直接开平方：${equation}$", "Take the square root of both sides: ${equation}$"
    ),
    "math.step.eq.square_root": Text(
        "直接开平方法：${equation}$", "Take the square root of both sides: ${equation}$"
    ),
    "math.step.eq.square_root_both": Text(
        "直接开平方法：{equations}", "Take the square root of both sides: {equations}"
    ),
    "math.step.eq.that_is": Text("即 {what}", "That is, {what}"),
    "math.step.eq.by_factoring": Text("因式分解法：${equation}$", "Factor: ${equation}$"),
    "math.step.eq.factored": Text("因式分解：${equation}$", "Factor: ${equation}$"),
    "math.step.eq.so": Text("所以 {what}", "So {what}"),
    "math.step.eq.formula": Text(
        "公式法：这里 $a = {a}$，$b = {b}$，$c = {c}$",
        "Quadratic formula: here $a = {a}$, $b = {b}$, $c = {c}$",
    ),
    "math.step.eq.delta_negative": Text(
        "$\\Delta < 0$，方程没有实数根。", "$\\Delta < 0$: the equation has no real roots."
    ),
    "math.step.eq.delta_zero": Text(
        "$\\Delta = 0$，方程有两个相等的实数根：${roots}$",
        "$\\Delta = 0$: the equation has two equal real roots: ${roots}$",
    ),
    "math.step.eq.delta_positive": Text("$\\Delta > 0$，${roots}$", "$\\Delta > 0$: ${roots}$"),
    "math.step.eq.literal": Text(
        "把 ${var}$ 看作未知数，其余字母看作已知数，解得：",
        "Treat ${var}$ as the unknown and the other letters as known numbers, and solve:",
    ),
    "math.step.eq.literal_none": Text(
        "方程没有解（或对参数有限制）。",
        "The equation has no solution (or only for some values of the letters).",
    ),
    "math.step.eq.multiply_lcd": Text(
        "方程两边同乘最简公分母 ${lcd}$，化为整式方程：${equation}$",
        "Multiply both sides by the lowest common denominator ${lcd}$ to clear the fractions: ${equation}$",
    ),
    "math.step.eq.polynomial_roots": Text(
        "解这个整式方程，得 {roots}", "Solving this equation gives {roots}"
    ),
    "math.step.eq.extraneous_lcd": Text(
        "检验：当 ${root}$ 时，最简公分母 ${lcd}$，所以它是增根，舍去。",
        "Check: when ${root}$, the common denominator ${lcd}$, so it is an extraneous root: rejected.",
    ),
    "math.step.eq.check_lcd": Text(
        "检验：当 ${root}$ 时，最简公分母不为 0，是原方程的解。",
        "Check: when ${root}$, the common denominator is not 0, so it is a solution.",
    ),
    "math.step.eq.rearranged": Text("整理得：${equation}$", "Rearranging: ${equation}$"),
    "math.step.eq.abs_not_negative": Text(
        "绝对值不可能是负数（右边是 ${right}$）。",
        "An absolute value cannot be negative (the right side is ${right}$).",
    ),
    "math.step.eq.abs_meaning": Text(
        "根据绝对值的意义：{cases}", "By the meaning of absolute value: {cases}"
    ),
    "math.step.eq.abs_cases": Text(
        "按绝对值里式子的正负分段讨论，去掉绝对值符号后分别求解：",
        "Split into cases by the sign of what is inside the absolute value, remove it, and solve each case:",
    ),
    "math.step.eq.square_both": Text("两边平方：${equation}$", "Square both sides: ${equation}$"),
    "math.step.eq.solving_gives": Text("解得 {roots}", "Solving gives {roots}"),
    "math.step.eq.check_ok": Text("检验：${root}$ 满足原方程。", "Check: ${root}$ satisfies the equation."),
    "math.step.eq.extraneous_sides": Text(
        "检验：${root}$ 代入原方程两边不相等，是增根，舍去。",
        "Check: with ${root}$ the two sides are not equal, so it is an extraneous root: rejected.",
    ),
    "math.step.eq.radical_method": Text(
        "移项后两边平方，化为整式方程求解，最后必须代回原方程检验：",
        "Isolate the root, square both sides, solve, and check every answer in the original equation:",
    ),
    "math.step.eq.check_fails": Text(
        "检验：${root}$ 不满足原方程，舍去。", "Check: ${root}$ does not satisfy the equation: rejected."
    ),
    "math.step.eq.same_base": Text(
        "化为同底数幂：${power}$，所以 ${equation}$",
        "Write both sides as powers of the same base: ${power}$, so ${equation}$",
    ),
    "math.step.eq.take_logs": Text("两边取对数：${equation}$", "Take logarithms of both sides: ${equation}$"),
    "math.step.eq.log_definition": Text(
        "根据对数的定义化为指数式：${equation}$", "By the definition of the logarithm: ${equation}$"
    ),
    "math.step.eq.log_argument": Text(
        "检验：${root}$ 时真数 ${argument}$。", "Check: when ${root}$, the argument ${argument}$."
    ),
    "math.step.eq.log_method": Text(
        "根据对数的定义（真数必须大于 0），化为指数式求解并检验：",
        "By the definition of the logarithm (its argument must be positive), rewrite in exponential form, "
        "solve and check:",
    ),
    "math.step.eq.log_domain": Text(
        "定义域：真数都要大于 0，即 {domain}。", "Domain: every argument must be positive: {domain}."
    ),
    "math.step.eq.log_combine": Text(
        "利用对数运算法则合并，化为：${equation}$", "Combine with the laws of logarithms: ${equation}$"
    ),
    "math.step.eq.log_check_ok": Text(
        "检验：${root}$ 时各真数都大于 0，是原方程的解。",
        "Check: when ${root}$, every argument is positive, so it is a solution.",
    ),
    "math.step.eq.log_check_fails": Text(
        "检验：${root}$ 时有真数不大于 0，舍去。",
        "Check: when ${root}$, an argument is not positive: rejected.",
    ),
    "math.step.eq.one_period": Text(
        "在一个周期 $[0, 2\\pi)$ 内，方程的解为 {roots}。",
        "In one period $[0, 2\\pi)$ the solutions are {roots}.",
    ),
    "math.step.eq.periodic": Text(
        "由三角函数的周期性，写出全部解：", "By periodicity, all the solutions are:"
    ),
    # -- inequalities (_inequality) ------------------------------------------------------------------
    "math.step.ineq.critical_points": Text(
        "移项整理为 ${inequality}$，临界点为 {points}，在数轴上分段判断符号（分母不为 0）。",
        "Rearranged: ${inequality}$. The critical points are {points}; check the sign on each interval "
        "of the number line (the denominator is not 0).",
    ),
    "math.step.ineq.sign_of": Text(
        "移项整理为 ${inequality}$，判断其符号。", "Rearranged: ${inequality}$; look at its sign."
    ),
    "math.step.ineq.remove_abs": Text(
        "根据绝对值的意义，去掉绝对值符号：{inequality}",
        "By the meaning of absolute value, remove the absolute value signs: {inequality}",
    ),
    "math.step.ineq.and_not_zero": Text("，且 ${expr} \\neq 0$", ", with ${expr} \\neq 0$"),
    "math.step.ineq.fraction_to_product": Text(
        "分式不等式化为整式不等式：${inequality}${extra}",
        "Turn the fraction inequality into a product: ${inequality}${extra}",
    ),
    "math.step.ineq.number_line": Text(
        "临界点为 {points}，在数轴上标出，从右往左依次判断各区间的符号（穿针引线）。",
        "The critical points are {points}: mark them on the number line and find the sign on each "
        "interval, from right to left.",
    ),
    "math.step.ineq.chain_subtract": Text(
        "各部分同时减去 ${value}$：${inequality}$", "Subtract ${value}$ from every part: ${inequality}$"
    ),
    "math.step.ineq.chain_add": Text(
        "各部分同时加上 ${value}$：${inequality}$", "Add ${value}$ to every part: ${inequality}$"
    ),
    "math.step.ineq.chain_divide_negative": Text(
        "各部分同时除以负数 ${value}$，不等号方向改变：${inequality}$",
        "Divide every part by the negative number ${value}$, which reverses the signs: ${inequality}$",
    ),
    "math.step.ineq.chain_divide": Text(
        "各部分同时除以 ${value}$：${inequality}$", "Divide every part by ${value}$: ${inequality}$"
    ),
    "math.step.ineq.divide_negative": Text(
        "系数化为1：两边同除以负数 ${coeff}$，不等号方向改变：${inequality}$",
        "Make the coefficient 1: divide both sides by the negative number ${coeff}$, which reverses "
        "the sign: ${inequality}$",
    ),
    "math.step.ineq.times_minus_one": Text(
        "两边同乘 $-1$（不等号方向改变），化为 ${inequality}$",
        "Multiply both sides by $-1$ (the sign reverses): ${inequality}$",
    ),
    "math.step.ineq.rearrange": Text("移项整理：${inequality}$", "Rearrange: ${inequality}$"),
    "math.step.ineq.two_roots": Text(
        "方程 ${expr} = 0$ 的两根为 ${first}$，${second}$",
        "The roots of ${expr} = 0$ are ${first}$, ${second}$",
    ),
    "math.step.ineq.outside": Text(
        "二次函数 $y = {expr}$ 的图像开口向上，大于取两边。",
        "The parabola $y = {expr}$ opens upwards: it is above zero outside the roots.",
    ),
    "math.step.ineq.between": Text(
        "二次函数 $y = {expr}$ 的图像开口向上，小于取中间。",
        "The parabola $y = {expr}$ opens upwards: it is below zero between the roots.",
    ),
    "math.step.ineq.double_root": Text(
        "方程 ${expr} = 0$ 有两个相等的实数根 ${root}$，抛物线开口向上。",
        "The equation ${expr} = 0$ has a double root ${root}$, and the parabola opens upwards.",
    ),
    "math.step.ineq.no_roots": Text(
        "方程 ${expr} = 0$ 的判别式 $\\Delta < 0$，没有实数根；抛物线开口向上，始终在 $x$ 轴上方。",
        "The discriminant of ${expr} = 0$ is $\\Delta < 0$, so it has no real roots; the parabola opens "
        "upwards and lies above the $x$-axis.",
    ),
    "math.step.ineq.no_solution": Text("所以不等式无解。", "So the inequality has no solution."),
    "math.step.ineq.solution_interval": Text(
        "所以解集为 ${set}$，即 ${interval}$。", "So the solution set is ${set}$, that is ${interval}$."
    ),
    "math.step.ineq.solution": Text("所以解集为 ${set}$。", "So the solution set is ${set}$."),
    "math.step.ineq.original": Text("原不等式：{inequality}", "The inequality: {inequality}"),
    "math.step.ineq.original_system": Text(
        "原不等式组：${system}$", "The system of inequalities: ${system}$"
    ),
    "math.step.ineq.solve_part": Text(
        "解不等式{tag} ${inequality}$：", "Solve inequality {tag} ${inequality}$:"
    ),
    "math.step.ineq.part_gives": Text("得 ${set}$", "This gives ${set}$"),
    "math.step.ineq.intersection": Text(
        "取各个不等式解集的公共部分（同大取大，同小取小，大小小大中间找，大大小小找不了）。",
        "Take the part common to every solution set.",
    ),
    # -- systems of equations (_system) --------------------------------------------------------------
    "math.step.sys.original": Text("原方程组：${system}$", "The system: ${system}$"),
    "math.step.sys.no_real_solution": Text("所以方程组无实数解。", "So the system has no real solution."),
    "math.step.sys.infinitely_many": Text(
        "方程组有无穷多组解：", "The system has infinitely many solutions:"
    ),
    "math.step.sys.solution": Text("所以方程组的解为 ${solution}$。", "So the solution is ${solution}$."),
    "math.step.sys.proportional": Text(
        "两个方程的未知数系数成比例，方程组没有唯一解。",
        "The coefficients of the two equations are proportional: the system has no unique solution.",
    ),
    "math.step.sys.substitution": Text(
        "代入消元法：由{tag}得 ${equation}$ ③", "Substitution: from {tag}, ${equation}$ ③"
    ),
    "math.step.sys.substitute": Text(
        "把③代入{tag}，得 ${equation}$，即 ${simplified}$",
        "Put ③ into {tag}: ${equation}$, that is ${simplified}$",
    ),
    "math.step.sys.solved": Text("解得 ${equation}$", "Solving gives ${equation}$"),
    "math.step.sys.back": Text(
        "把 ${value}$ 代入{tag}，得 ${result}$", "Put ${value}$ into {tag}: ${result}$"
    ),
    "math.step.sys.elimination": Text(
        "加减消元法：{combination}，消去 ${var}$，得 ${equation}$",
        "Elimination: {combination} eliminates ${var}$, giving ${equation}$",
    ),
    "math.step.sys.eliminate": Text(
        "用代入法或加减法消元，化为一元方程求解：",
        "Eliminate unknowns by substitution or elimination and solve the equation in one unknown:",
    ),
    "math.step.sys.from": Text("由{tag}得 ${equation}$", "From {tag}, ${equation}$"),
    "math.step.sys.into": Text("代入{tag}，得 ${equation}$ {new}", "Put it into {tag}: ${equation}$ {new}"),
    "math.step.sys.solve_back": Text(
        "解{tag}得 {roots}，再回代求出其余未知数。",
        "Solving {tag} gives {roots}; substitute back to find the other unknowns.",
    ),
    # -- derivatives (_derivative) --------------------------------------------------------------------
    "math.step.diff.tangent_point": Text(
        "切点为 ${point}$，切线的斜率 ${slope}$", "The point of contact is ${point}$; the slope is ${slope}$"
    ),
    "math.step.diff.tangent_line": Text(
        "由点斜式，切线方程为 ${line}$，即 ${simplified}$",
        "By the point-slope form, the tangent is ${line}$, that is ${simplified}$",
    ),
    "math.step.diff.constant": Text("常数的导数为 0。", "The derivative of a constant is 0."),
    "math.step.diff.sum": Text(
        "根据和差的求导法则，逐项求导：{terms}", "By the sum rule, differentiate term by term: {terms}"
    ),
    "math.step.diff.constant_factor": Text(
        "常数可以提到导数外面：${rule}$", "A constant factor comes out of the derivative: ${rule}$"
    ),
    "math.step.diff.quotient": Text(
        "根据商的求导法则 $\\left(\\frac{{u}}{{v}}\\right)' = \\frac{{u'v - uv'}}{{v^{{2}}}}$，"
        "其中 $u = {u}$，$v = {v}$，$u' = {du}$，$v' = {dv}$，",
        "By the quotient rule $\\left(\\frac{{u}}{{v}}\\right)' = \\frac{{u'v - uv'}}{{v^{{2}}}}$, "
        "with $u = {u}$, $v = {v}$, $u' = {du}$, $v' = {dv}$:",
    ),
    "math.step.diff.product": Text(
        "根据乘积的求导法则 $(uv)' = u'v + uv'$，其中 $u = {u}$，$v = {v}$，$u' = {du}$，$v' = {dv}$，",
        "By the product rule $(uv)' = u'v + uv'$, with $u = {u}$, $v = {v}$, $u' = {du}$, $v' = {dv}$:",
    ),
    "math.step.diff.power": Text(
        "幂函数的导数 $(x^{{n}})' = n x^{{n-1}}$：${rule}$",
        "By the power rule $(x^{{n}})' = n x^{{n-1}}$: ${rule}$",
    ),
    "math.step.diff.composite": Text(
        "这是复合函数：令 $u = {inner}$，则 $y = {outer}$，",
        "This is a composite function: let $u = {inner}$, so $y = {outer}$;",
    ),
    "math.step.diff.chain": Text(
        "由复合函数求导法则 $y'_{{x}} = y'_{{u}} \\cdot u'_{{x}} = {product}$",
        "by the chain rule $y'_{{x}} = y'_{{u}} \\cdot u'_{{x}} = {product}$",
    ),
    "math.step.diff.basic": Text(
        "由基本初等函数的导数公式 ${formula}$", "By the derivative of a basic function, ${formula}$"
    ),
    "math.step.diff.exponential": Text(
        "由指数函数的导数公式 $(a^{{x}})' = a^{{x}} \\ln a$",
        "By the derivative of an exponential function, $(a^{{x}})' = a^{{x}} \\ln a$",
    ),
    "math.step.diff.again": Text("再求一次导数（第 {order} 阶）：", "Differentiate again (order {order}):"),
    "math.step.diff.at_point": Text("把 ${point}$ 代入：${value}$", "Put in ${point}$: ${value}$"),
    # -- percentages (_percent) ---------------------------------------------------------------------
    "math.step.pct.after_rise": Text(
        "涨价后的价格是原价的 ${share}$。", "After the rise the price is ${share}$ of the original."
    ),
    "math.step.pct.after_fall": Text(
        "降价后的价格是原价的 ${share}$。", "After the fall the price is ${share}$ of the original."
    ),
    "math.step.pct.after_discount": Text(
        "打折后的价格是原价的 ${share}$。", "After the discount the price is ${share}$ of the original."
    ),
    "math.step.pct.answer": Text("答：是 ${value}$。", "Answer: ${value}$."),
    "math.step.pct.what_percent": Text(
        "求一个数是另一个数的百分之几，用除法：${division}$",
        "To find what percentage one number is of another, divide: ${division}$",
    ),
    "math.step.pct.as_percent": Text("化成百分数：${value}$", "As a percentage: ${value}$"),
    "math.step.pct.base": Text(
        "以 ${base}$ 为单位“1”，相差 ${difference}$。",
        "Take ${base}$ as the whole (100%); the difference is ${difference}$.",
    ),
    "math.step.pct.answer_more": Text("答：多 ${value}$。", "Answer: ${value}$ more."),
    "math.step.pct.answer_less": Text("答：少 ${value}$。", "Answer: ${value}$ less."),
    # -- word problems (_wordy) ---------------------------------------------------------------------
    "math.step.word.permutations": Text(
        "从 ${n}$ 个不同元素中取出 ${k}$ 个元素的排列数：",
        "The number of arrangements of ${k}$ out of ${n}$ different items:",
    ),
    "math.step.word.combinations": Text(
        "从 ${n}$ 个不同元素中取出 ${k}$ 个元素的组合数：",
        "The number of ways to choose ${k}$ out of ${n}$ different items:",
    ),
    "math.step.word.let_number": Text("设这个数为 $x$，", "Let the number be $x$."),
    "math.step.word.equation": Text(
        "根据题意列方程：${equation}$", "From the question, the equation is ${equation}$"
    ),
    "math.step.word.number_is": Text("答：这个数是 ${value}$。", "Answer: the number is ${value}$."),
    "math.step.word.in_unit": Text("（{unit}）", " ({unit})"),
    "math.step.word.pi_taken": Text("，$\\pi$ 取 ${value}$", ", with $\\pi = {value}$"),
    "math.step.word.formula": Text(
        "{shape}的{quantity}公式：${formula}$", "The formula for the {quantity} of a {shape}: ${formula}$"
    ),
    "math.step.word.substitute": Text(
        "代入 {given}{taking}：${work}${unit}", "Put in {given}{taking}: ${work}${unit}"
    ),
    "math.step.word.approx": Text(
        "$\\approx {near}${unit}（取 $\\pi \\approx 3.14$ 时为 ${at_314}${unit}）",
        "$\\approx {near}${unit} (with $\\pi \\approx 3.14$ it is ${at_314}${unit})",
    ),
    "math.step.word.shape_answer": Text(
        "答：{shape}的{quantity}是 ${value}$。", "Answer: the {quantity} of the {shape} is ${value}$."
    ),
    "math.step.shape.square": Text("正方形", "square"),
    "math.step.shape.rectangle": Text("长方形", "rectangle"),
    "math.step.shape.triangle": Text("三角形", "triangle"),
    "math.step.shape.parallelogram": Text("平行四边形", "parallelogram"),
    "math.step.shape.trapezium": Text("梯形", "trapezium"),
    "math.step.shape.circle": Text("圆", "circle"),
    "math.step.shape.cube": Text("正方体", "cube"),
    "math.step.shape.cuboid": Text("长方体", "cuboid"),
    "math.step.quantity.area": Text("面积", "area"),
    "math.step.quantity.perimeter": Text("周长", "perimeter"),
    "math.step.quantity.circumference": Text("周长", "circumference"),
    "math.step.quantity.volume": Text("体积", "volume"),
    "math.step.quantity.surface_area": Text("表面积", "surface area"),
    # -- values of functions and expressions (_values, _given) --------------------------------------
    "math.step.find": Text("求 ${what}$", "Find ${what}$"),
    "math.step.value.given": Text("已知 ${function}$", "Given ${function}$"),
    "math.step.value.when": Text("当 {given} 时，", "When {given}:"),
    "math.step.given.task": Text(
        "已知 {given}，求 ${expr}$ 的值。", "Given {given}, find the value of ${expr}$."
    ),
    "math.step.given.non_negative": Text(
        "因为 {terms}，而它们的和为 $0$，所以每一项都等于 $0$：",
        "Since {terms} and their sum is $0$, each of them is $0$:",
    ),
    "math.step.given.put_in": Text(
        "由已知条件得 ${values}$，代入得 ${result}$。",
        "The conditions give ${values}$; putting it in, ${result}$.",
    ),
    "math.step.given.value": Text(
        "所以 ${expr}$ 的值为 ${value}$。", "So the value of ${expr}$ is ${value}$."
    ),
    # -- limits (_limit) ----------------------------------------------------------------------------
    "math.step.limit.sides_differ": Text(
        "左极限为 ${left}$，右极限为 ${right}$，两者不相等。",
        "The left limit is ${left}$ and the right limit is ${right}$: they differ.",
    ),
    "math.step.limit.none": Text("所以这个极限不存在。", "So the limit does not exist."),
    "math.step.limit.does_not_exist": Text("不存在", "does not exist"),
    "math.step.limit.continuous": Text(
        "函数在 ${point}$ 处连续，直接代入：${value}$",
        "The function is continuous at ${point}$, so substitute directly: ${value}$",
    ),
    "math.step.limit.zero_over_zero": Text(
        "属于 $\\frac{{0}}{{0}}$ 型未定式，", "This is the indeterminate form $\\frac{{0}}{{0}}$: "
    ),
    "math.step.limit.factor": Text(
        "分子、分母因式分解：${num}$ 和 ${den}$，",
        "factor the numerator and denominator: ${num}$ and ${den}$;",
    ),
    "math.step.limit.cancel": Text(
        "约去公因式后得 ${cancelled}$，再代入 ${point}$。",
        "cancelling the common factor gives ${cancelled}$; then put in ${point}$.",
    ),
    "math.step.limit.infinity_over_infinity": Text(
        "属于 $\\frac{{\\infty}}{{\\infty}}$ 型，", "This is the form $\\frac{{\\infty}}{{\\infty}}$: "
    ),
    "math.step.limit.divide_highest": Text(
        "分子、分母同除以最高次幂 ${power}$：${divided}$，",
        "divide the numerator and denominator by the highest power ${power}$: ${divided}$;",
    ),
    "math.step.limit.reciprocal_vanishes": Text(
        "当 ${var} \\to \\infty$ 时，$\\frac{{1}}{{{var}}} \\to 0$。",
        "as ${var} \\to \\infty$, $\\frac{{1}}{{{var}}} \\to 0$.",
    ),
    "math.step.limit.to_infinity": Text(
        "分母趋于 $0$ 而分子趋于 ${numerator}$，所以函数值趋于无穷。",
        "The denominator tends to $0$ while the numerator tends to ${numerator}$, so the function tends to infinity.",
    ),
    "math.step.limit.one_to_infinity": Text(
        "属于 $1^{{\\infty}}$ 型，利用重要极限 $\\lim_{{t \\to 0}} (1 + t)^{{\\frac{{1}}{{t}}}} = e$。",
        "This is the form $1^{{\\infty}}$: use the limit $\\lim_{{t \\to 0}} (1 + t)^{{\\frac{{1}}{{t}}}} = e$.",
    ),
    "math.step.limit.trend": Text(
        "当 ${approach}$ 时，分析各部分的变化趋势。", "As ${approach}$, look at how each part behaves."
    ),
    "math.step.limit.lhopital": Text(
        "用洛必达法则，分子、分母分别求导：{derivatives}，再求极限。",
        "By L'Hôpital's rule, differentiate the numerator and denominator: {derivatives}, then take the limit.",
    ),
    # -- integrals (_integral) ----------------------------------------------------------------------
    "math.step.int.linearity": Text(
        "利用积分的线性性质，逐项积分。", "By linearity, integrate term by term."
    ),
    "math.step.int.power": Text(
        "幂函数的积分公式：$\\int x^{{n}} \\, dx = \\frac{{x^{{n+1}}}}{{n+1}} + C \\ (n \\neq -1)$",
        "The power rule: $\\int x^{{n}} \\, dx = \\frac{{x^{{n+1}}}}{{n+1}} + C \\ (n \\neq -1)$",
    ),
    "math.step.int.basic": Text("基本积分公式：${formula}$", "A basic integral: ${formula}$"),
    "math.step.int.result": Text("${integral}$（$C$ 为任意常数）", "${integral}$ ($C$ is any constant)"),
    "math.step.int.improper": Text(
        "这是反常积分：先在有限区间上积分，再取极限。",
        "This is an improper integral: integrate over a finite interval, then take the limit.",
    ),
    "math.step.int.antiderivative": Text(
        "先求一个原函数：${antiderivative}$", "First find an antiderivative: ${antiderivative}$"
    ),
    "math.step.int.newton_leibniz": Text(
        "由牛顿—莱布尼茨公式：${worked}$", "By the Newton–Leibniz formula: ${worked}$"
    ),
    # -- maxima and minima (_extremum) --------------------------------------------------------------
    "math.step.ext.complete_square": Text("配方：${square}$", "Complete the square: ${square}$"),
    "math.step.ext.square_min": Text(
        "因为 ${square} \\geq 0$，所以当 ${at}$ 时，$y$ 取得最小值 ${value}$，没有最大值。",
        "Since ${square} \\geq 0$, $y$ takes its minimum value ${value}$ at ${at}$, and has no maximum.",
    ),
    "math.step.ext.square_max": Text(
        "因为 ${square} \\geq 0$ 且 $a < 0$，所以当 ${at}$ 时，$y$ 取得最大值 ${value}$，没有最小值。",
        "Since ${square} \\geq 0$ and $a < 0$, $y$ takes its maximum value ${value}$ at ${at}$, "
        "and has no minimum.",
    ),
    "math.step.ext.maximum": Text("最大值", "maximum value"),
    "math.step.ext.minimum": Text("最小值", "minimum value"),
    "math.step.ext.none": Text("函数没有{word}。", "The function has no {word}."),
    "math.step.ext.none_tex": Text("没有{word}", "no {word}"),
    "math.step.ext.value_at": Text(
        "所以当 ${at}$ 时，{word}为 ${value}$。", "So the {word} is ${value}$, at ${at}$."
    ),
    "math.step.ext.differentiate": Text("求导：${derivative}$", "Differentiate: ${derivative}$"),
    "math.step.ext.in_domain": Text("在定义域内", " in the domain"),
    "math.step.ext.critical": Text(
        "令 $y' = 0$，{inside}得 {points}", "Setting $y' = 0${inside} gives {points}"
    ),
    "math.step.ext.monotonic": Text(
        "{inside}$y' = 0$ 没有解，函数在定义域内单调。",
        "$y' = 0$ has no solution{inside}, so the function is monotonic on its domain.",
    ),
    "math.step.ext.compare": Text(
        "比较驻点和端点的函数值：{values}",
        "Compare the values at the stationary points and the ends: {values}",
    ),
    "math.step.ext.tends": Text("当 ${where}$ 时 $y \\to {value}$", "as ${where}$, $y \\to {value}$"),
    "math.step.ext.open_ends": Text(
        "在开区间端点或无穷远处：{limits}", "At the open ends or at infinity: {limits}"
    ),
    "math.step.ext.no_extremum": Text("没有极值", "no local extremum"),
    "math.step.ext.no_critical": Text(
        "$f'(x) = 0$ 没有实数解，函数单调，没有极值。",
        "$f'(x) = 0$ has no real solution: the function is monotonic and has no local extremum.",
    ),
    "math.step.ext.stationary": Text("令 $f'(x) = 0$，得 {points}", "Setting $f'(x) = 0$ gives {points}"),
    "math.step.ext.local_max": Text(
        "在 ${at}$ 左侧 $f'(x) > 0$，右侧 $f'(x) < 0$，所以极大值为 ${value}$",
        "Left of ${at}$, $f'(x) > 0$; right of it, $f'(x) < 0$: so the local maximum is ${value}$",
    ),
    "math.step.ext.local_min": Text(
        "在 ${at}$ 左侧 $f'(x) < 0$，右侧 $f'(x) > 0$，所以极小值为 ${value}$",
        "Left of ${at}$, $f'(x) < 0$; right of it, $f'(x) > 0$: so the local minimum is ${value}$",
    ),
    "math.step.ext.local_max_word": Text("极大值", "local maximum"),
    "math.step.ext.local_min_word": Text("极小值", "local minimum"),
    "math.step.ext.not_extremum": Text(
        "在 ${at}$ 两侧导数同号，不是极值点。",
        "The derivative has the same sign on both sides of ${at}$: not an extremum.",
    ),
    # -- sequences (_sequence) ----------------------------------------------------------------------
    "math.step.seq.arithmetic": Text("等差数列", "Arithmetic sequence"),
    "math.step.seq.geometric": Text("等比数列", "Geometric sequence"),
    "math.step.seq.given": Text("{kind}：已知 ${given}$", "{kind}: given ${given}$"),
    "math.step.seq.kind": Text("{kind}：", "{kind}:"),
    "math.step.seq.formulas": Text(
        "通项公式 ${term}$，前 $n$ 项和公式 ${sum}$。",
        "General term ${term}$; sum of the first $n$ terms ${sum}$.",
    ),
    "math.step.seq.solved": Text("列方程组解得 {found}", "Solving the equations gives {found}"),
    # -- gcd/lcm, statistics, determinants (_numbers) ---------------------------------------------
    "math.step.num.prime_factors": Text("分解质因数：", "Prime factorisation:"),
    "math.step.num.gcd": Text(
        "取所有数共有的质因数，指数取最小：最大公约数 $= {value}$",
        "Take the prime factors all the numbers share, each to its lowest power: the gcd $= {value}$",
    ),
    "math.step.num.lcm": Text(
        "取所有出现的质因数，指数取最大：最小公倍数 $= {value}$",
        "Take every prime factor that appears, each to its highest power: the lcm $= {value}$",
    ),
    "math.step.num.data": Text("数据：${data}$，共 ${count}$ 个。", "Data: ${data}$, ${count}$ values."),
    "math.step.num.mean": Text("平均数 ${mean}$", "Mean ${mean}$"),
    "math.step.num.mean_first": Text("先求平均数 ${mean}$", "First the mean: ${mean}$"),
    "math.step.num.variance": Text("方差 ${variance}$", "Variance ${variance}$"),
    "math.step.num.std": Text("标准差 ${std}$", "Standard deviation ${std}$"),
    "math.step.num.ordered": Text("从小到大排列：${data}$", "In order from smallest to largest: ${data}$"),
    "math.step.num.median_odd": Text(
        "数据个数是奇数，中间的数是 ${value}$",
        "There is an odd number of values; the middle one is ${value}$",
    ),
    "math.step.num.median_even": Text(
        "数据个数是偶数，中间两个数的平均数：${middle}$",
        "There is an even number of values; the mean of the middle two is ${middle}$",
    ),
    "math.step.num.median_word": Text("中位数", "median"),
    "math.step.num.no_mode": Text(
        "每个数据都只出现一次，这组数据没有众数。", "Every value appears only once: the data have no mode."
    ),
    "math.step.num.no_mode_word": Text("没有众数", "no mode"),
    "math.step.num.mode": Text(
        "出现次数最多（{times} 次）的数据：${modes}$",
        "The value(s) appearing most often ({times} times): ${modes}$",
    ),
    "math.step.num.mode_word": Text("众数", "mode"),
    "math.step.num.range": Text(
        "极差 = 最大值 − 最小值 $= {worked}$", "Range = largest − smallest $= {worked}$"
    ),
    "math.step.num.range_word": Text("极差", "range"),
    "math.step.num.det2": Text("二阶行列式：$ad - bc = {worked}$", "A 2×2 determinant: $ad - bc = {worked}$"),
    "math.step.num.det3": Text("按第一行展开：$= {worked}$", "Expand along the first row: $= {worked}$"),
    "math.step.num.det_n": Text(
        "按第一行展开（或化为上三角形）计算，得 ${value}$",
        "Expanding along the first row (or reducing to triangular form) gives ${value}$",
    ),
    "math.step.num.det_value": Text("所以行列式的值为 ${value}$。", "So the determinant is ${value}$."),
    # -- right triangles and angles (_triangle) -----------------------------------------------------
    "math.step.tri.hypotenuse": Text(
        "由勾股定理：斜边 $c = \\sqrt{{a^{{2}} + b^{{2}}}}$。",
        "By Pythagoras' theorem, the hypotenuse $c = \\sqrt{{a^{{2}} + b^{{2}}}}$.",
    ),
    "math.step.tri.hypotenuse_answer": Text("答：斜边是 ${value}$。", "Answer: the hypotenuse is ${value}$."),
    "math.step.tri.leg": Text(
        "由勾股定理：另一条直角边 $b = \\sqrt{{c^{{2}} - a^{{2}}}}$。",
        "By Pythagoras' theorem, the other leg $b = \\sqrt{{c^{{2}} - a^{{2}}}}$.",
    ),
    "math.step.tri.leg_answer": Text("答：另一条直角边是 ${value}$。", "Answer: the other leg is ${value}$."),
    "math.step.tri.angle_sum": Text(
        "三角形的内角和是 $180^{{\\circ}}$。", "The angles of a triangle add up to $180^{{\\circ}}$."
    ),
    # -- figures: titles and the names of marked points (_figure, _figure_graph, _figure_line) --------
    "math.step.fig.root": Text("根", "root"),
    "math.step.fig.roots_title": Text(
        "函数 ${curve}$ 的图像与 ${axis}$ 轴的交点（方程的根）",
        "Where the graph of ${curve}$ meets the ${axis}$-axis (the roots of the equation)",
    ),
    "math.step.fig.intersection": Text("交点", "intersection"),
    "math.step.fig.meet_title": Text(
        "${first}$ 与 ${second}$ 的交点（方程的解）",
        "Where ${first}$ and ${second}$ meet (the solutions of the equation)",
    ),
    "math.step.fig.root_vertex": Text("根（顶点）", "root (vertex)"),
    "math.step.fig.system_title": Text(
        "方程组中每个方程的图像：交点就是方程组的解",
        "The graph of each equation of the system: where they meet are the solutions",
    ),
    "math.step.fig.stationary": Text("驻点", "stationary point"),
    "math.step.fig.endpoint": Text("端点", "endpoint"),
    "math.step.fig.vertex_as": Text("顶点（{caption}）", "vertex ({caption})"),
    "math.step.fig.graph_title": Text("函数 ${function}$ 的图像", "The graph of ${function}$"),
    "math.step.fig.on_domain": Text("（${domain}$）", " (${domain}$)"),
    "math.step.fig.region": Text(
        "积分区域（x 轴上方的面积计正，下方的计负）",
        "The region of integration (area above the x-axis counts as positive, below as negative)",
    ),
    "math.step.fig.integral_value": Text("积分值 = {value}", "integral = {value}"),
    "math.step.fig.integral_title": Text(
        "定积分 ${integral}$：曲线与 $x$ 轴之间的区域",
        "The definite integral ${integral}$: the region between the curve and the $x$-axis",
    ),
    "math.step.fig.value": Text("函数值", "function value"),
    "math.step.fig.asymptote": Text("渐近线", "asymptote"),
    "math.step.fig.vertex": Text("顶点", "vertex"),
    "math.step.fig.axis": Text("对称轴", "axis of symmetry"),
    "math.step.fig.solution_set": Text(
        "不等式的解集：${set}$", "The solution set of the inequality: ${set}$"
    ),
    # -- units of measure, as a reader of each language writes them (_units) -----------------------
    "math.step.unit.square": Text("平方{unit}", "{unit}²"),
    "math.step.unit.cube": Text("立方{unit}", "{unit}³"),
    "math.step.unit.km": Text("千米", "km"),
    "math.step.unit.km_gongli": Text("公里", "km"),
    "math.step.unit.m": Text("米", "m"),
    "math.step.unit.dm": Text("分米", "dm"),
    "math.step.unit.cm": Text("厘米", "cm"),
    "math.step.unit.mm": Text("毫米", "mm"),
    "math.step.unit.kg": Text("千克", "kg"),
    "math.step.unit.kg_gongjin": Text("公斤", "kg"),
    "math.step.unit.g": Text("克", "g"),
    "math.step.unit.t": Text("吨", "t"),
    "math.step.unit.ml": Text("毫升", "mL"),
    "math.step.unit.l": Text("升", "L"),
    "math.step.unit.yuan": Text("元", "yuan"),
    "math.step.unit.jiao": Text("角", "jiao"),
    "math.step.unit.s": Text("秒", "s"),
    "math.step.unit.min": Text("分钟", "min"),
    "math.step.unit.h": Text("小时", "h"),
    # -- arithmetic (_arith) --------------------------------------------------------------------------
    "math.step.arith.first": Text("先{what}：", "First {what}: "),
    "math.step.arith.then": Text("再{what}：", "Then {what}: "),
    "math.step.arith.paren": Text("算括号里的", "work out the brackets"),
    "math.step.arith.pow": Text("算乘方、开方", "work out powers and roots"),
    "math.step.arith.trig": Text("代入特殊角的三角函数值", "put in the special-angle values"),
    "math.step.arith.log": Text("用对数的定义计算", "use the definition of the logarithm"),
    "math.step.arith.fact": Text("算阶乘", "work out the factorials"),
    "math.step.arith.comb": Text("算排列数、组合数", "work out the permutations and combinations"),
    "math.step.arith.func": Text("算函数值", "work out the function values"),
    "math.step.arith.abs": Text("算绝对值", "work out the absolute values"),
    "math.step.arith.tongfen": Text("通分", "find a common denominator"),
    "math.step.arith.recip": Text(
        "把除以一个分数变为乘它的倒数", "turn dividing by a fraction into multiplying by its reciprocal"
    ),
    "math.step.arith.logsum": Text("利用对数的运算法则", "use the laws of logarithms"),
    "math.step.arith.muldiv": Text("算乘除", "multiply and divide"),
    "math.step.arith.addsub": Text("算加减", "add and subtract"),
    "math.step.arith.degrees": Text(
        "三角函数里的整数角按角度制理解（如 $30$ 即 $30^{{\\circ}}$）。",
        "Whole-number angles in trigonometric functions are read in degrees ($30$ means $30^{{\\circ}}$).",
    ),
    "math.step.arith.result": Text("所以结果是 {value}。", "So the result is {value}."),
}
