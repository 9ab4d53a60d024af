"""Each way of writing a final answer named in issue 11, read the way a student meets it: the reply
as the model sends it, the verdict zuoye shows (agree = 已验算, disagree = 不一致, unknown = 未验算)."""

from __future__ import annotations

import pytest

from zuoye.math import compare_reply, solve

CASES = [
    # a double root is one root
    ("解方程 4x^2-4x+1=0", r"所以 $x_1=x_2=\frac12$。", "agree"),
    ("解方程 4x^2-4x+1=0", "答：x₁ = x₂ = 1/2", "agree"),
    ("解方程 x^2-4x+4=0", r"**答：** \(x=2\)（二重根）。", "agree"),
    ("解方程 x^2-4x+4=0", r"所以 $x_1=x_2=-2$。", "disagree"),
    # mixed numbers are sums, not products
    ("计算 1又1/4 + 2", r"答：$3\frac{1}{4}$", "agree"),
    ("计算 1又1/4 + 2", "答：3又1/4", "agree"),
    ("计算 1又1/4 + 2", r"答：$3\dfrac14$", "agree"),
    ("计算 1又1/4 + 2", r"答：$3\frac{1}{2}$", "disagree"),
    ("计算 2又1/2 - 1又1/4", r"所以原式 $= 1\frac{1}{4}$。", "agree"),
    # units are not variables
    ("长方形长8cm，宽5cm，面积是多少？", "答：面积是 40 cm²。", "agree"),
    ("长方形长8cm，宽5cm，面积是多少？", r"答：$S = 8 \times 5 = 40\ \text{cm}^2$", "agree"),
    ("长方形长8cm，宽5cm，面积是多少？", "所以 8×5=40（平方厘米）。", "agree"),
    ("长方形长8cm，宽5cm，面积是多少？", "答：面积是 26 cm²。", "disagree"),
    # ... but a length, area or volume in the wrong unit is a wrong answer, even with the right number
    ("正方形边长 3 cm，面积是多少？", "答：9 cm", "disagree"),
    ("一个圆的半径是 2 厘米，面积是多少？", "答：4π 厘米", "disagree"),
    ("长方形长8cm，宽5cm，面积是多少？", "答：面积是 40 平方米。", "disagree"),
    (
        "长方形长8cm，宽5cm，面积是多少？",
        r"答：$S = 8\,\text{cm} \times 5\,\text{cm} = 40\,\text{cm}^2$",
        "agree",
    ),
    ("长方形长8cm，宽5cm，面积是多少？", r"答：面积是 $40\mathrm{~cm}^{2}$。", "agree"),
    ("长方形长8cm，宽5cm，面积是多少？", "答：面积是 40 平方厘米。", "agree"),
    ("正方形边长 3 cm，周长是多少？", "答：12 cm", "agree"),
    # ... and an answer converted to another unit of its kind is right when the number is converted
    ("一个长方体长5cm，宽4cm，高3cm，体积是多少？", "答：60 毫升", "agree"),
    ("一个长方体长5cm，宽4cm，高3cm，体积是多少？", "答：0.06 升", "agree"),
    ("一个长方体长5cm，宽4cm，高3cm，体积是多少？", "答：60 升", "disagree"),
    ("一件衣服原价200元，打八折后多少元？", "答：1600角", "agree"),
    ("一件衣服原价200元，打八折后多少元？", "答：160角", "disagree"),
    ("一件衣服原价200元，打八折后多少元？", "答：160美元", "disagree"),
    ("长方形长8cm，宽5cm，面积是多少？", "答：0.004 平方米", "agree"),
    ("一个圆的直径是 4 厘米，周长是多少？", "答：12.56 平方厘米", "disagree"),
    # a value said to be approximate is judged to the digits written: 约 0.7 and 0.6666… are 2/3
    ("计算 1/3+1/3", "答：约 0.7", "agree"),
    ("计算 1/3+1/3", "答：约 0.6", "disagree"),
    ("计算 1/3+1/3", "答：0.6666…", "agree"),
    ("计算 1/3+1/3", "答：0.5…", "disagree"),
    ("计算 1/2+1/3", "答：1/2+1/3 = 3/6+2/6 = 5/6，约等于 0.85", "unknown"),  # exact right, approx not
    # a sum of lengths is a length in the question's unit
    ("5厘米+3厘米", "答：8厘米", "agree"),
    ("5厘米+3厘米", "答：0.08米", "agree"),
    ("5厘米+3厘米", "答：8平方厘米", "disagree"),
    ("5厘米+3厘米", "答：8米", "disagree"),
    # π taken as 3.14, as school work does: 4π is 12.56 there (rounded, it is 12.57)
    ("一个圆的半径是 2 厘米，面积是多少？", "答：12.56 平方厘米", "agree"),
    ("一个圆的半径是 2 厘米，面积是多少？", "答：25.12 平方厘米", "disagree"),
    ("计算 π×2^2", "答：约 12.56", "agree"),
    ("计算 π×2^2", "答：12.57", "agree"),
    ("计算 π×2^2", "答：12.58", "disagree"),
    # a factorised answer keeps its last bracket, and must be a product
    ("因式分解 x^2-5x+6", r"**答：** $x^2-5x+6=(x-2)(x-3)$", "agree"),
    ("因式分解 x^2-5x+6", r"**答：** $(x+2)(x-3)$", "disagree"),
    ("因式分解 x^2-5x+6", r"**答：** $x^2-5x+6$", "disagree"),
    # ... factored completely (分解要彻底), unless it does not factor at all
    ("因式分解 x^3-x", "答：x(x^2-1)", "disagree"),
    ("因式分解 x^3-x", "答：x(x+1)(x-1)", "agree"),
    ("分解因式 x^4-2x^2+1", "答：(x^2-1)^2", "disagree"),
    ("分解因式 x^4-2x^2+1", "答：(x-1)^2(x+1)^2", "agree"),
    ("因式分解 x^2+x+1", "答：x^2+x+1 在有理数范围内不能再分解", "agree"),
    ("因式分解 x^2+x+1", "答：x(x+1)+1", "disagree"),
    # delimiters \( \) and \[ \]; \cup, \mathbb{R}, \pm
    ("解方程 x^2-9x+20=0", "答：\\(x_1=4\\)，\\(x_2=5\\)。", "agree"),
    ("解方程 x^2-9x+20=0", "所以\n\\[\nx_1 = 4,\\quad x_2 = 5\n\\]", "agree"),
    ("解不等式 x^2-4x+3>0", r"解集为 $(-\infty, 1) \cup (3, +\infty)$。", "agree"),
    ("解不等式 x^2-4x+3>0", "解集为 (-∞, 1)∪(3, +∞)。", "agree"),
    ("解不等式 x^2-4x+3>0", r"解集为 $(-\infty, 1] \cup [3, +\infty)$。", "disagree"),
    ("解不等式 x^2+1>0", r"所以解集为 $\mathbb{R}$。", "agree"),
    ("解不等式 x^2+1>0", "所以 x 取全体实数。", "agree"),
    ("解不等式 x^2+1>0", "所以 x∈ℝ。", "agree"),
    ("解不等式 x^2+1>0", "所以不等式无解。", "disagree"),
    ("解方程 x^2=5", r"所以 $x = \pm\sqrt{5}$。", "agree"),
    ("解方程 x^2-2x-1=0", r"所以 $x = 1 \pm \sqrt{2}$。", "agree"),
    ("解方程 x^2-2x-1=0", r"所以 $x = -1 \pm \sqrt{2}$。", "disagree"),
    # roots given as decimals, rounded to the digits written (two at least), like any value
    ("解方程 x^2-5x+3=0", "答：x=4.30 或 x=0.70", "agree"),
    ("解方程 x^2-5x+3=0", "答：x₁=4.303，x₂=0.697", "agree"),
    ("解方程 x^2-5x+3=0", "答：x=4.30 或 x=0.80", "disagree"),
    ("解方程 x^2-5x+3=0", "答：x=4.303", "disagree"),
    ("解方程 x^2-5x+3=0", "答：x=4.3 或 x=0.7", "unknown"),  # right to one place: too few digits
    ("计算 3/4 - 1/6", "答：0.6", "unknown"),
    ("计算 3/4 - 1/6", "答：0.5", "disagree"),
    # no real roots, sets, roots named in words
    ("解方程 x^2+x+1=0", "因为 Δ=1-4=-3<0，所以方程无实数根。", "agree"),
    ("解方程 x^2+x+1=0", r"所以 $x=\frac{-1\pm\sqrt{5}}{2}$。", "disagree"),
    ("解方程 x^2-9x+20=0", r"所以解集为 $\{4, 5\}$。", "agree"),
    ("解方程 x^2-9x+20=0", "所以解集为 {4, 6}。", "disagree"),
    ("解方程 x^2-5x+6=0", "所以方程的两个根分别是 2 和 3。", "agree"),
    ("解方程 x^2-5x+6=0", "所以方程的两个根分别是 2 和 4。", "disagree"),
    ("解方程 x^2-5x+6=0", "**最终结果：** $x_1 = 2$, $x_2 = 3$", "agree"),
    # roots boxed one by one are one answer
    ("解方程 x^2-5x+6=0", r"$\boxed{x=2}$ 和 $\boxed{x=3}$", "agree"),
    ("解方程 x^2-5x+6=0", r"$$\boxed{x_1 = 2} \quad \boxed{x_2 = 4}$$", "disagree"),
    ("解方程 x^2-5x+6=0", r"先试 $\boxed{x=5}$，不对。所以 $\boxed{x=2}$ 或 $\boxed{x=3}$", "agree"),
    ("解方程 x^2-5x+6=0", "### 最终答案\n\n$$x_1 = 2,\\ x_2 = 3$$", "agree"),
    ("解方程 x^2-5x+6=0", "∵ (x-2)(x-3)=0\n∴ x=2 或 x=3", "agree"),
    # every value in the sentence counts, not only the last one
    ("解方程 x^2-5x+6=0", "所以 x=4 或 x=3。", "disagree"),
    ("解方程 x^2-5x+6=0", "所以 x=2。", "disagree"),  # a dropped root
    ("解方程组 x+y=5, x-y=1", r"所以 $\begin{cases} x=3 \\ y=2 \end{cases}$", "agree"),
    ("解方程组 x+y=5, x-y=1", "所以 x=3，y=1。", "disagree"),
    ("解方程组 x+y=5, x-y=1", "所以 x=3，y=2，z=0。", "unknown"),  # an unknown the question does not have
    # a thousands separator is not a list
    ("计算 1200+800", "答：2,000", "agree"),
    ("一件衣服原价200元，涨价15%后是多少元？", "答：1,230 元", "disagree"),
    ("一件衣服原价200元，涨价15%后是多少元？", "200×(1+15%)=230（元）\n\n答：涨价后是230元。", "agree"),
    ("解不等式 x^2-4x+3≤0", "所以解集为 [1,3]。", "agree"),
    # number words: 负, 分之, 百分之
    ("计算 (-3)^2 - 2×5", "答：结果是负1。", "agree"),
    ("计算 (-3)^2 - 2×5", "答：结果是1。", "disagree"),
    ("3/4的倒数", "答：3/4 的倒数是 3分之4。", "agree"),
    ("3/4的倒数", "答：3/4 的倒数是 4分之3。", "disagree"),
    ("12是48的百分之几？", "答：12 是 48 的百分之25。", "agree"),
    ("12是48的百分之几？", "答：25", "unknown"),  # the % sign left out: 25 hundredths, or 25?
    ("12是48的百分之几？", "答：25%", "agree"),
    ("解方程 x^2-5x+6=0", "所以 x=2 或 3。", "agree"),
    ("解方程 x^2-5x+6=0", "所以方程有 2 个根，x=3。", "disagree"),  # the 2 counts roots, it is not one
    # a root missing from what was read may be in what was not
    ("解方程 x^2-5x+6=0", "So the roots are 2 and 3.", "unknown"),
    ("解方程 x^2-5x+6=0", "So the roots are 2 and 4.", "disagree"),
    # roots among other unnamed numbers: which are roots, only the words say
    ("解方程 x^2-5x+6=0", "答：方程的根是 2 和 3，它们的和是 5", "unknown"),
    ("解方程 x^2-5x+6=0", "答：解集为 {2, 3, 5}", "disagree"),  # a set's numbers are all claimed roots
    ("解方程 x^2-5x+6=0", "答：x = 2；3", "agree"),
    ("解方程 x^2-5x+6=0", "答：x = 2；4", "disagree"),
    ("解方程 x^2-5x+6=0", "因此 $x=2$（舍去负根）或 $x=3$", "agree"),  # names another root rejected
    # one root per list item after a colon is one answer, not a dropped root
    ("解方程 x^2-5x+6=0", "原方程的解是：\n\n- $x_1=2$\n- $x_2=3$", "agree"),
    ("解方程 x^2-5x+6=0", "原方程的解是：\n\n- $x_1=2$\n- $x_2=4$", "disagree"),
    # a cases row's tag names the equation
    ("解方程组 x+y=5, x-y=1", r"所以 $\begin{cases} x = 3 & (1) \\ y = 2 & (2) \end{cases}$", "agree"),
    ("解方程 x^2-2x-1=0", r"所以 $x_{1,2} = 1 \pm \sqrt{2}$。", "agree"),
    ("解不等式 x^2-4x+3>0", r"解集为 $(-\infty,1)\bigcup(3,+\infty)$。", "agree"),
    ("求不定积分 ∫ cos x dx", r"答：$\sin x + C\ (C \in \mathbb{R})$", "agree"),
    # the solver's own answer Abs(x) is |x|, not the product A·b·s·x; sign(x) is not read at all
    ("化简 √(x^2)", "答：|x|", "agree"),
    ("化简 √(x^2)", r"答：$\left|x\right|$", "agree"),
    ("化简 √(x^2)", "答：-x", "disagree"),
    ("化简 √(a^2)（a<0）", "答：-a", "agree"),  # the condition decides the sign
    ("化简 √(a^2)（a<0）", "答：2a", "disagree"),
    ("求 y=|x| 的导数", "答：1", "unknown"),
    # a general solution is a set: π/4 + kπ is 5π/4 + kπ, and π/4 + nπ
    ("解方程 tan x = 1", "答：x=5π/4+kπ，k∈Z", "agree"),
    ("解方程 tan x = 1", "答：x=π/4+nπ, n∈Z", "agree"),
    ("解方程 tan x = 1", "答：x=3π/4+kπ，k∈Z", "disagree"),
    ("解方程 tan x = 1", "答：x=π/4+2kπ，k∈Z", "disagree"),
    # a tangent line written beside another line (the normal): which one is the answer is not read
    ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "答：切线方程为 y=2x-1，法线方程为 y=-x/2+3/2", "unknown"),
    ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "答：y-1=2(x-1)，即 y=2x-1", "agree"),
    ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "答：k=2，切线方程为 y=2x-1", "agree"),
    ("求曲线 y = x^2 在点 (1, 1) 处的切线方程", "答：切线方程为 y=2x+1，法线方程为 y=-x/2+1/2", "disagree"),
    # complex numbers: SymPy's I and the reply's i are the imaginary unit
    ("计算 (1+2i)(3-i)", "答：5+5i", "agree"),
    ("计算 (1+2i)(3-i)", r"答：$5+5\mathrm{i}$", "agree"),
    ("计算 (1+2i)/(1-i)", "答：(-1+3i)/2", "agree"),
    ("计算 (1+2i)/(1-i)", "答：-0.5+1.5i", "agree"),
    ("计算 (1+2i)(3-i)", "答：5-5i", "disagree"),
    # an angle in degrees
    ("在△ABC中，∠A=50度，∠B=60度，求∠C的度数", "答：∠C = 180° - 50° - 60° = 70°", "agree"),
    ("在△ABC中，∠A=50度，∠B=60度，求∠C的度数", "答：70度", "agree"),
    ("在△ABC中，∠A=50度，∠B=60度，求∠C的度数", "答：80°", "disagree"),
    # + C belongs to an antiderivative only: a derivative with a constant added is another function
    ("求 f(x)=x^3 的导数", r"答：$f'(x)=3x^{2}+C$", "disagree"),
    ("求 f(x)=x^3 的导数", r"答：$f'(x)=3x^{2}$", "agree"),
    ("求 ∫ 2x dx", "答：x^2 + C", "agree"),
    # a rejected root is not an answer
    ("解方程 |2x| = 6", "所以 x=3 或 x=-3。", "agree"),
    ("解方程 x^2-3x=0", "所以 x=0 或 x=3，x=5（舍去）。", "agree"),
    # a root said not to be one, in words the reader does not take apart, is not checked
    ("解方程 x^2-5x+6=0", "经检验，x=2 是原方程的解，x=3 不是。", "unknown"),
    ("解方程 x^2-5x+6=0", "经检验，x=2 和 x=3 都满足原方程。", "agree"),
    # ... and is taken back wherever the passage gave it before
    ("解方程 x^2-5x+6=0", "答：方程的解为 x=2 和 x=3，其中 x=3 不符合题意舍去。", "disagree"),
    ("解方程 √(x+2) = x", "答：两边平方得 x=2 或 x=-1，x=-1 不合题意，舍去，所以 x=2", "agree"),
    ("解方程 √(x+2) = x", "答：x=2 或 x=-1，经检验 x=-1 是增根舍去", "agree"),
    ("解方程 √(x+2) = x", "答：x₁=2（舍去），x₂=-1", "disagree"),
    ("解方程 (x-1)/(x^2-1) = 0", "答：x=1，经检验 x=1 使分母为零，舍去，原方程无解", "agree"),
    # ... but 不是增根 says a root stands
    ("解方程 2/(x+1) = 1", "答：x=1，x=1 不是增根", "agree"),
    ("解方程 2/(x+1) = 1", "答：x=1，经检验 x=1 不是增根，所以原方程的解为 x=1", "agree"),
    ("解方程 x/(x-1) = 1/(x-1) + 2", "答：x=1，经检验 x=1 不是增根", "disagree"),
    # the other extremum is another answer: a minimum of 4 is not the maximum asked for
    ("求 y = -x^2 + 4x 的最大值", "答：最小值为 4", "unknown"),
    ("求 y = -x^2 + 4x 的最大值", "答：当 x=2 时，y 有最大值 4", "agree"),
    # conditions are not the answer: 当 … 时
    ("求 y = x^2 + 2x + 5 的最小值", "所以当 x=-1 时，y 取得最小值 4。", "agree"),
    ("求 y = x^2 + 2x + 5 的最小值", "所以当 x=-1 时，y 取得最小值 5。", "disagree"),
    # a check after the answer does not replace it
    ("解方程：4x - 7 = 9", "答：x=4。\n\n**检验**：左边 = 4×4-7 = 9 = 右边。", "agree"),
    ("解方程 x^2-5x+6=0", "答：x₁=2，x₂=3。\n\n**注意**：若 Δ<0，则方程无实数根。", "agree"),
    ("计算：1/2 + 1/3", "所以结果是 5/6。\n\n**练习**：计算 1/3 + 1/4 = ?", "agree"),
    ("解方程 x^2-5x+6=0", "答：x=2 或 x=3\n\n举一反三：解方程 x^2-7x+12=0，答案是 x=3 或 x=4。", "agree"),
    # ... as is another question's answer, or a wrong answer shown as one
    ("解方程 x^2-5x+6=0", "答：x=2 或 x=3。\n\n（如果题目是 x^2+5x+6=0，答案则为 x=-2 或 x=-3。）", "agree"),
    ("解方程 x^2-5x+6=0", "答：x=2 或 x=3。\n\n**易错点**：不要把答案写成 x=-2 或 x=-3。", "agree"),
    ("解方程 x^2-5x+6=0", "答：x=2 或 x=3。\n\n错误答案：x=-2 或 x=-3（符号弄反了）", "agree"),
    ("解方程 x^2-5x+6=0", "答：x=2 或 x=4。\n\n如果题目是 x^2+5x+6=0，那么答案是 x=-2 或 x=-3。", "disagree"),
    (
        "解方程 x^2-5x+6=0",
        "答：x=2 或 x=4\n\n**变式练习**：解方程 x^2-7x+12=0（答案：x=3 或 x=4）",
        "disagree",
    ),
    ("计算：1/2 + 1/3", "所以结果是 5/6。\n\n**总结**：先找 2 和 3 的最小公倍数 6，再通分相加。", "agree"),
    ("解方程 x^2-5x+6=0", "(x-2)(x-3)=0\n\n**总结**：所以方程的解为 x=2 或 x=3。", "agree"),
    ("计算：1/2 + 1/3", "所以结果是 2/5。\n\n你能自己算一算 1/2 + 1/3 = 5/6 吗？", "disagree"),
    # a system with several solutions is answered in pairs: right values of x and of y in the wrong
    # pairs are a wrong answer (found by an adversarial review, 2026-12)
    ("解方程组 x^2+y^2=25, x+y=7", "答：x=3，y=4 或 x=4，y=3", "agree"),
    ("解方程组 x^2+y^2=25, x+y=7", "答：x=3，y=3 或 x=4，y=4", "disagree"),
    (
        "解方程组 x^2+y^2=25, x+y=7",
        r"答：$\begin{cases}x_1=3\\y_1=3\end{cases}$，$\begin{cases}x_2=4\\y_2=4\end{cases}$",
        "disagree",
    ),
    ("解方程组 x^2+y^2=25, x+y=7", "答：(3,4)，(4,3)", "agree"),
    ("解方程组 x^2+y^2=25, x+y=7", "答：(3,3)，(4,4)", "disagree"),
    ("解方程组 x^2+y^2=25, x+y=7", "答：x=3 或 x=4，y=4 或 y=3", "unknown"),  # which y with which x?
    # a solution set said twice, differently: neither reading is checked (the narrower one agreed)
    ("解不等式 -2x+4>0", "答：x < 2，即 x 的取值范围是 (-∞, 3)", "unknown"),
    ("解不等式 -2x+4>0", "答：x < 2，即 x 的取值范围是 (-∞, 2)", "agree"),
    ("解不等式 -2x+4>0", "答：x < 3，即 x 的取值范围是 (-∞, 3)", "disagree"),
    ("解不等式组 x+1>0, 2x-3<1", "由①得 x>-1，由②得 x<2，所以 -1<x<2", "agree"),
]


@pytest.mark.parametrize(("question", "reply", "status"), CASES)
def test_form(question: str, reply: str, status: str) -> None:
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == status, verdict


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        # Found but not read: 未验算 with the reason — never 不一致, and never an earlier line instead.
        ("计算：1/2 + 1/3", "通分得 3/6 + 2/6 = 5/6。\n\n**答：** 结果是 ⌈5/6⌉。"),
        ("解方程 x^2-5x+6=0", "因式分解得 (x-2)(x-3)=0。\n\n答：x = ⊕2 或 ⊕3"),
    ],
)
def test_an_answer_that_cannot_be_read_is_unchecked_with_the_reason(question: str, reply: str) -> None:
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == "unknown", verdict
    assert verdict.detail.startswith("读不懂回复的最终答案"), verdict.detail


SOLVED = [
    "解方程 x²-7x+12=0",
    "解方程 x^2-4x+4=0",
    "解方程 x^2+x+1=0",
    "解方程组 x+2y=8, 3x-y=3",
    "解不等式：x^2 - 1 > 0",
    "解不等式 x^2-4x+3≤0",
    "解不等式 x^2+1>0",
    "解不等式 x^2+2x+3<0",
    "因式分解 2x^2-8",
    "求不定积分 ∫ cos x dx",
    "求 y = x^2·sin(x) 的导数",
    "计算 √12 + √27",
    "计算 5又1/3 - 2又1/2",
    "求 f(x)=x^3-3x 的极值",
    "12是48的百分之几？",
    "求曲线 y = x^2 在点 (1, 1) 处的切线方程",
    "在△ABC中，∠A=50度，∠B=60度，求∠C的度数",  # its answer is 70°, which reads as 70·π/180
    "计算 (1+2i)(3-i)",
]


@pytest.mark.parametrize("question", SOLVED)
def test_the_solvers_own_answer_reads_back_as_agreeing(question: str) -> None:
    # The offline answer ends "答：$<answer_latex>$": the checker must read its own writing.
    sol = solve(question)
    verdict = compare_reply(sol, f"解：……\n\n答：${sol.answer_latex}$")
    assert verdict.status == "agree", (sol.answer_latex, verdict)


@pytest.mark.parametrize(
    ("question", "reply", "shown"),
    [("计算 log 100", "答：2", "\\ln 100"), ("计算 (1+2i)(3-i)", "答：5-5i", "5 + 5 i")],
)
def test_a_disagreement_shows_the_answer_as_maths(question: str, reply: str, shown: str) -> None:
    # SymPy's text would say log(100) (lg 100 = 2 to a Chinese reader) and 5+5*I
    verdict = compare_reply(solve(question), reply)
    assert verdict.status == "disagree"
    assert f"${shown}$" in verdict.detail and "log(" not in verdict.detail and "*" not in verdict.detail
