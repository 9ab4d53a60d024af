"""The problems behind the ERNIE-style reply set: each with its right answer, the wrong answers a
model really gives (an arithmetic slip, a dropped root, a sign error, a reversed inequality) and a
few lines of working in LaTeX.

Values are `Fraction`s where they are rational, so the generator can write them every way a model
does (\\frac, a/b, a mixed number, a decimal); other values are `Tex(tex, plain)`.
Part of the data for `ernie_replies.py`; the solver never sees the right answers written here
(the bench and the test ask it, and compare with `answer` only to decide what is checkable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction as F


@dataclass(frozen=True)
class Tex:
    """A value with no exact rational form: how LaTeX and plain text write it."""

    tex: str
    plain: str


Val = F | Tex
# An interval (low, high, low closed, high closed); None is an infinite end.
Interval = tuple[Val | None, Val | None, bool, bool]


@dataclass(frozen=True)
class Problem:
    id: str
    q: str
    kind: str  # value roots none system relation reals expr factor antideriv
    answer: list[str]  # the grader's form of the right answer (tests/math/grader.py)
    right: object
    wrong: list[object]
    work: list[str] = field(default_factory=list)  # LaTeX lines of working
    topic: str = ""
    noun: str = "结果"  # what the value is: 面积, 最大公约数, 最小值 …
    unit: tuple[str, str, str] | None = None  # LaTeX, plain, Chinese
    lhs: str = ""  # an expression's name: y', f'(x)
    form: str | None = None


R2, R3, R5 = Tex(r"\sqrt{2}", "√2"), Tex(r"\sqrt{3}", "√3"), Tex(r"\sqrt{5}", "√5")
INF = None

PROBLEMS: list[Problem] = [
    # -- numbers and fractions ------------------------------------------------------------------
    Problem("p01", "计算：1/2 + 1/3", "value", ["5/6"], F(5, 6), [F(2, 5), F(4, 6), F(5, 5)],
            [r"\frac{1}{2}+\frac{1}{3}=\frac{3}{6}+\frac{2}{6}"], "异分母分数加法"),
    Problem("p02", "计算 (3/5)×(10/9) + 1/3", "value", ["1"], F(1), [F(2, 3), F(4, 3), F(5, 6)],
            [r"\frac{3}{5}\times\frac{10}{9}=\frac{30}{45}=\frac{2}{3}", r"\frac{2}{3}+\frac{1}{3}"],
            "分数四则运算"),
    Problem("p03", "1.2×5−0.5÷0.25 等于多少？", "value", ["4"], F(4), [F(5), F(11, 2), F(2)],
            [r"1.2\times5=6", r"0.5\div0.25=2", r"6-2"], "小数四则运算"),
    Problem("p20", "已知 f(x)=x^2-1，求 f(4)", "value", ["15"], F(15), [F(17), F(7), F(16)],
            [r"f(4)=4^2-1"], "函数求值", "f(4) 的值"),
    Problem("p21", "计算 sin 30° + cos 60°", "value", ["1"], F(1), [F(1, 2), R3, F(3, 2)],
            [r"\sin 30^\circ=\frac{1}{2}", r"\cos 60^\circ=\frac{1}{2}"], "特殊角的三角函数值"),
    Problem("p22", "计算 log_3 27 + lg 1000", "value", ["6"], F(6), [F(5), F(9), F(7)],
            [r"\log_3 27=3", r"\lg 1000=3"], "对数运算"),
    Problem("p24", "求 24 和 36 的最大公约数", "value", ["12"], F(12), [F(6), F(72), F(4)],
            [r"24=2^3\times3", r"36=2^2\times3^2"], "最大公约数", "最大公约数"),
    Problem("p25", "求 8 和 12 的最小公倍数", "value", ["24"], F(24), [F(48), F(96), F(4)],
            [r"8=2^3", r"12=2^2\times3"], "最小公倍数", "最小公倍数"),
    Problem("p26", "计算行列式 [[2, 1], [1, 3]]", "value", ["5"], F(5), [F(7), F(6), F(-5)],
            [r"\begin{vmatrix}2&1\\1&3\end{vmatrix}=2\times3-1\times1"], "二阶行列式", "行列式的值"),
    Problem("p27", "求数据 2, 4, 6, 8 的平均数", "value", ["5"], F(5), [F(4), F(6), F(20)],
            [r"\bar{x}=\frac{2+4+6+8}{4}=\frac{20}{4}"], "平均数", "平均数"),
    Problem("p31", "等比数列首项为3，公比为2，求第5项", "value", ["48"], F(48), [F(96), F(24), F(15)],
            [r"a_n=a_1q^{n-1}", r"a_5=3\times2^4"], "等比数列通项公式", "第5项"),
    Problem("p32", "计算 √12 + √27", "value", ["5*sqrt(3)"], Tex(r"5\sqrt{3}", "5√3"),
            [Tex(r"\sqrt{39}", "√39"), Tex(r"6\sqrt{3}", "6√3"), Tex(r"5\sqrt{2}", "5√2")],
            [r"\sqrt{12}=2\sqrt{3}", r"\sqrt{27}=3\sqrt{3}"], "二次根式的加减"),
    Problem("p33", "计算 6!", "value", ["720"], F(720), [F(120), F(5040), F(36)],
            [r"6!=6\times5\times4\times3\times2\times1"], "阶乘"),
    Problem("e03", "计算 1又1/4 + 2", "value", ["13/4"], F(13, 4), [F(5, 2), F(9, 4), F(7, 2)],
            [r"1\frac{1}{4}+2"], "带分数加法"),
    Problem("e04", "计算 2又1/2 - 1又1/4", "value", ["5/4"], F(5, 4), [F(3, 4), F(7, 4), F(3, 2)],
            [r"2\frac{1}{2}-1\frac{1}{4}=\frac{5}{2}-\frac{5}{4}"], "带分数减法"),
    Problem("e17", "计算 3/4+1/2", "value", ["5/4"], F(5, 4), [F(4, 6), F(1), F(3, 2)],
            [r"\frac{3}{4}+\frac{2}{4}"], "分数加法"),
    Problem("e20", "计算 5又1/3 - 2又1/2", "value", ["17/6"], F(17, 6), [F(19, 6), F(17, 3), F(5, 2)],
            [r"5\frac{1}{3}-2\frac{1}{2}=\frac{16}{3}-\frac{5}{2}=\frac{32}{6}-\frac{15}{6}"], "带分数减法"),
    Problem("e21", "计算 1又1/2 × 2又2/3", "value", ["4"], F(4), [F(2), F(3), F(13, 3)],
            [r"1\frac{1}{2}\times2\frac{2}{3}=\frac{3}{2}\times\frac{8}{3}"], "带分数乘法"),
    Problem("e22", "计算 √18 - √8", "value", ["sqrt(2)"], R2, [Tex(r"\sqrt{10}", "√10"), F(2),
            Tex(r"2\sqrt{2}", "2√2")], [r"\sqrt{18}=3\sqrt{2}", r"\sqrt{8}=2\sqrt{2}"], "二次根式的减法"),
    Problem("e23", "计算 (-3)^2 - 2×5", "value", ["-1"], F(-1), [F(-19), F(1), F(35)],
            [r"(-3)^2=9", r"2\times5=10"], "有理数混合运算"),
    Problem("e24", "计算 2又2/3 × 3/4", "value", ["2"], F(2), [F(3, 2), F(1, 2), F(8, 3)],
            [r"2\frac{2}{3}=\frac{8}{3}", r"\frac{8}{3}\times\frac{3}{4}"], "带分数乘法"),
    # -- with units -----------------------------------------------------------------------------
    Problem("p37", "正方形边长6厘米，面积是多少平方厘米？", "value", ["36"], F(36), [F(24), F(12), F(30)],
            [r"S=a^2=6\times6"], "正方形面积", "面积", (r"\text{cm}^2", "cm²", "平方厘米")),
    Problem("e05", "长方形长8cm，宽5cm，面积是多少？", "value", ["40"], F(40), [F(26), F(13), F(45)],
            [r"S=ab=8\times5"], "长方形面积", "面积", (r"\text{cm}^2", "cm²", "平方厘米")),
    Problem("e25", "一个三角形底是10厘米，高是6厘米，面积是多少？", "value", ["30"], F(30), [F(60), F(16),
            F(32)], [r"S=\frac{1}{2}ah=\frac{1}{2}\times10\times6"], "三角形面积", "面积",
            (r"\text{cm}^2", "cm²", "平方厘米")),
    Problem("e26", "长方形的长是12米，宽是7米，周长是多少米？", "value", ["38"], F(38), [F(19), F(84), F(36)],
            [r"C=2(a+b)=2\times(12+7)"], "长方形周长", "周长", (r"\text{m}", "m", "米")),
    Problem("p36", "一个数的2倍减去3等于11，这个数是多少？", "value", ["7"], F(7), [F(4), F(8), F(14)],
            [r"2x-3=11", r"2x=14"], "列方程解应用题", "这个数"),
    # -- calculus and functions ------------------------------------------------------------------
    Problem("p16", "计算定积分 ∫_1^2 2x dx", "value", ["3"], F(3), [F(4), F(2), F(5)],
            [r"\int_1^2 2x\,dx=\left[x^2\right]_1^2=4-1"], "定积分", "定积分的值"),
    Problem("p18", "求极限 lim_{x→0} (e^x - 1)/x", "value", ["1"], F(1), [F(0), F(-1), F(2)],
            [r"\lim_{x\to0}\frac{e^x-1}{x}=\lim_{x\to0}\frac{e^x}{1}"], "洛必达法则", "极限"),
    Problem("p19", "lim_{x→3} (x^2-9)/(x-3) = ?", "value", ["6"], F(6), [F(3), F(9), F(0)],
            [r"\frac{x^2-9}{x-3}=\frac{(x+3)(x-3)}{x-3}=x+3"], "求极限", "极限"),
    Problem("p29", "计算 \\int_0^1 (2x+1) \\, dx", "value", ["2"], F(2), [F(3), F(1), F(3, 2)],
            [r"\int_0^1(2x+1)\,dx=\left[x^2+x\right]_0^1"], "定积分", "定积分的值"),
    Problem("p30", "求 \\lim_{x \\to \\infty} \\frac{3x+1}{x}", "value", ["3"], F(3), [F(4), F(1), F(0)],
            [r"\frac{3x+1}{x}=3+\frac{1}{x}"], "求极限", "极限"),
    Problem("p35", "求 y = x^2 + 2x + 5 的最小值", "value", ["4"], F(4), [F(5), F(6), F(-1)],
            [r"y=(x+1)^2+4"], "二次函数的最值", "最小值"),
    Problem("e27", "求函数 y=-x^2+4x-1 的最大值", "value", ["3"], F(3), [F(2), F(7), F(-1)],
            [r"y=-(x-2)^2+3"], "二次函数的最值", "最大值"),
    Problem("p14", "求 y = x^2·sin(x) 的导数", "expr", ["2*x*sin(x)+x**2*cos(x)"],
            [(r"2x\sin x+x^2\cos x", "2x·sin x + x²·cos x")],
            [(r"2x\cos x", "2x·cos x"), (r"2x\sin x-x^2\cos x", "2x·sin x - x²·cos x"),
             (r"x^2\cos x", "x²·cos x")],
            [r"(uv)'=u'v+uv'", r"(x^2)'=2x,\ (\sin x)'=\cos x"], "乘积的求导法则", lhs="y'"),
    Problem("p15", "f(x)=e^{2x}，求 f'(x)", "expr", ["2*exp(2*x)"], [(r"2e^{2x}", "2e^(2x)")],
            [(r"e^{2x}", "e^(2x)"), (r"2xe^{2x}", "2x·e^(2x)"), (r"\frac{1}{2}e^{2x}", "(1/2)e^(2x)")],
            [r"(e^{u})'=e^{u}\cdot u'", r"u=2x,\ u'=2"], "复合函数求导", lhs="f'(x)"),
    Problem("p17", "求不定积分 ∫ cos x dx", "antideriv", ["sin(x)"], [(r"\sin x", "sin x")],
            [(r"-\sin x", "-sin x"), (r"\cos x", "cos x")],
            [r"(\sin x)'=\cos x"], "基本积分公式", form="antiderivative"),
    # -- algebra: factor and simplify -------------------------------------------------------------
    Problem("p11", "因式分解：x^2 + 5x + 6", "factor", ["(x+2)*(x+3)"],
            [(r"(x+2)(x+3)", "(x+2)(x+3)"), (r"(x+3)(x+2)", "(x+3)(x+2)")],
            [(r"(x-2)(x-3)", "(x-2)(x-3)"), (r"(x+1)(x+6)", "(x+1)(x+6)"), (r"(x+2)(x-3)", "(x+2)(x-3)")],
            [r"2\times3=6,\ 2+3=5"], "十字相乘法", lhs="x^2+5x+6", form="factored"),
    Problem("e06", "因式分解 x^2-5x+6", "factor", ["(x-2)*(x-3)"],
            [(r"(x-2)(x-3)", "(x-2)(x-3)"), (r"(x-3)(x-2)", "(x-3)(x-2)")],
            [(r"(x+2)(x+3)", "(x+2)(x+3)"), (r"(x-1)(x-6)", "(x-1)(x-6)"), (r"(x+2)(x-3)", "(x+2)(x-3)")],
            [r"(-2)\times(-3)=6,\ (-2)+(-3)=-5"], "十字相乘法", lhs="x^2-5x+6", form="factored"),
    Problem("e28", "因式分解 x^2-9", "factor", ["(x-3)*(x+3)"],
            [(r"(x+3)(x-3)", "(x+3)(x-3)"), (r"(x-3)(x+3)", "(x-3)(x+3)")],
            [(r"(x-3)^2", "(x-3)²"), (r"(x+9)(x-1)", "(x+9)(x-1)"), (r"(x-9)(x+1)", "(x-9)(x+1)")],
            [r"a^2-b^2=(a+b)(a-b)"], "平方差公式", lhs="x^2-9", form="factored"),
    Problem("e29", "因式分解 2x^2-8", "factor", ["2*(x-2)*(x+2)"],
            [(r"2(x+2)(x-2)", "2(x+2)(x-2)"), (r"2(x-2)(x+2)", "2(x-2)(x+2)")],
            [(r"2(x-2)^2", "2(x-2)²"), (r"(x+2)(x-2)", "(x+2)(x-2)"), (r"2(x+4)(x-4)", "2(x+4)(x-4)")],
            [r"2x^2-8=2(x^2-4)"], "提公因式与平方差公式", lhs="2x^2-8", form="factored"),
    Problem("p12", "化简 (x^2-4)/(x+2)", "expr", ["x-2"], [(r"x-2", "x-2")],
            [(r"x+2", "x+2"), (r"x-4", "x-4"), (r"2-x", "2-x")],
            [r"\frac{x^2-4}{x+2}=\frac{(x+2)(x-2)}{x+2}"], "分式化简", lhs="原式"),
    Problem("p13", "展开 (x-2)^2", "expr", ["x**2-4*x+4"], [(r"x^2-4x+4", "x²-4x+4")],
            [(r"x^2-4", "x²-4"), (r"x^2+4x+4", "x²+4x+4"), (r"x^2-2x+4", "x²-2x+4")],
            [r"(a-b)^2=a^2-2ab+b^2"], "完全平方公式", lhs="(x-2)^2", form="expanded"),
    # -- equations ----------------------------------------------------------------------------
    Problem("p04", "解方程：4x - 7 = 9", "roots", ["x=4"], [F(4)], [[F(1, 2)], [F(5)], [F(-4)]],
            [r"4x=9+7", r"4x=16"], "一元一次方程"),
    Problem("p05", "解方程 3(x+1) = 2x + 8", "roots", ["x=5"], [F(5)], [[F(7)], [F(11, 5)], [F(-5)]],
            [r"3x+3=2x+8", r"3x-2x=8-3"], "一元一次方程"),
    Problem("p23", "解方程 3^x = 81", "roots", ["x=4"], [F(4)], [[F(3)], [F(27)], [F(5)]],
            [r"81=3^4", r"3^x=3^4"], "指数方程"),
    Problem("p28", "解方程 \\frac{2x}{3} - 1 = 3", "roots", ["x=6"], [F(6)], [[F(3)], [F(4)], [F(8, 3)]],
            [r"\frac{2x}{3}=4", r"2x=12"], "含分母的一元一次方程"),
    Problem("p06", "解方程 x²-7x+12=0", "roots", ["x=3", "x=4"], [F(3), F(4)],
            [[F(-3), F(-4)], [F(3)], [F(3), F(5)]], [r"(x-3)(x-4)=0"], "因式分解法解一元二次方程"),
    Problem("p07", "解一元二次方程 3x^2-2x-1=0", "roots", ["x=1", "x=-1/3"], [F(1), F(-1, 3)],
            [[F(-1), F(1, 3)], [F(1)], [F(1), F(-1, 2)]],
            [r"\Delta=(-2)^2-4\times3\times(-1)=16", r"x=\frac{2\pm4}{6}"], "公式法解一元二次方程"),
    Problem("p34", "解方程 |2x| = 6", "roots", ["x=3", "x=-3"], [F(3), F(-3)], [[F(3)], [F(6), F(-6)],
            [F(3), F(-2)]], [r"2x=6\text{ 或 }2x=-6"], "绝对值方程"),
    Problem("e01", "解方程 x^2-4x+4=0", "roots", ["x=2"], [F(2), F(2)], [[F(-2)], [F(2), F(-2)], [F(4)]],
            [r"(x-2)^2=0"], "完全平方公式"),
    Problem("e02", "解方程 4x^2-4x+1=0", "roots", ["x=1/2"], [F(1, 2), F(1, 2)],
            [[F(-1, 2)], [F(1, 4)], [F(1, 2), F(-1, 2)]], [r"(2x-1)^2=0"], "完全平方公式"),
    Problem("e30", "解方程 9x^2-6x+1=0", "roots", ["x=1/3"], [F(1, 3), F(1, 3)],
            [[F(-1, 3)], [F(3)], [F(1, 3), F(-1, 3)]], [r"(3x-1)^2=0"], "完全平方公式"),
    Problem("e31", "解方程 x^2+6x+9=0", "roots", ["x=-3"], [F(-3), F(-3)], [[F(3)], [F(-9)], [F(3), F(-3)]],
            [r"(x+3)^2=0"], "完全平方公式"),
    Problem("e09", "解方程 x^2-9x+20=0", "roots", ["x=4", "x=5"], [F(4), F(5)],
            [[F(-4), F(-5)], [F(4)], [F(2), F(10)]], [r"(x-4)(x-5)=0"], "因式分解法解一元二次方程"),
    Problem("e12", "解方程 x^2=5", "roots", ["x=sqrt(5)", "x=-sqrt(5)"], [R5, Tex(r"-\sqrt{5}", "-√5")],
            [[R5], [Tex(r"\frac{5}{2}", "5/2")], [Tex(r"\sqrt{5}", "√5"), Tex(r"-\sqrt{5}", "-√5"), F(0)]],
            [r"x=\pm\sqrt{5}"], "直接开平方法"),
    Problem("e13", "解方程 x^2-2x-1=0", "roots", ["x=1+sqrt(2)", "x=1-sqrt(2)"],
            [Tex(r"1+\sqrt{2}", "1+√2"), Tex(r"1-\sqrt{2}", "1-√2")],
            [[Tex(r"-1+\sqrt{2}", "-1+√2"), Tex(r"-1-\sqrt{2}", "-1-√2")], [Tex(r"1+\sqrt{2}", "1+√2")],
             [Tex(r"1+\sqrt{3}", "1+√3"), Tex(r"1-\sqrt{3}", "1-√3")]],
            [r"\Delta=(-2)^2-4\times1\times(-1)=8", r"x=\frac{2\pm2\sqrt{2}}{2}"], "公式法"),
    Problem("e32", "解方程 x^2-6x+7=0", "roots", ["x=3+sqrt(2)", "x=3-sqrt(2)"],
            [Tex(r"3+\sqrt{2}", "3+√2"), Tex(r"3-\sqrt{2}", "3-√2")],
            [[Tex(r"-3+\sqrt{2}", "-3+√2"), Tex(r"-3-\sqrt{2}", "-3-√2")], [Tex(r"3+\sqrt{2}", "3+√2")],
             [Tex(r"3+2\sqrt{2}", "3+2√2"), Tex(r"3-2\sqrt{2}", "3-2√2")]],
            [r"(x-3)^2=2"], "配方法"),
    Problem("e15", "解方程 2x^2-5x-3=0", "roots", ["x=-1/2", "x=3"], [F(-1, 2), F(3)],
            [[F(1, 2), F(-3)], [F(3)], [F(-1, 2), F(5, 2)]], [r"(2x+1)(x-3)=0"], "因式分解法"),
    Problem("e18", "解方程 x^2-5x+6=0", "roots", ["x=2", "x=3"], [F(2), F(3)],
            [[F(-2), F(-3)], [F(2)], [F(1), F(6)]], [r"(x-2)(x-3)=0"], "因式分解法"),
    Problem("e33", "解方程 x^2+2x-3=0", "roots", ["x=-3", "x=1"], [F(-3), F(1)],
            [[F(3), F(-1)], [F(1)], [F(-3), F(2)]], [r"(x+3)(x-1)=0"], "因式分解法"),
    Problem("e34", "解方程 (x-1)^2=4", "roots", ["x=-1", "x=3"], [F(-1), F(3)],
            [[F(3)], [F(1), F(-3)], [F(5), F(-3)]], [r"x-1=\pm2"], "直接开平方法"),
    Problem("e35", "解方程 x^2-3x=0", "roots", ["x=0", "x=3"], [F(0), F(3)],
            [[F(3)], [F(0), F(-3)], [F(1), F(3)]], [r"x(x-3)=0"], "提公因式法"),
    Problem("e08", "解方程 x^2+x+1=0", "none", [], None,
            [[Tex(r"\frac{-1+\sqrt{5}}{2}", "(-1+√5)/2"), Tex(r"\frac{-1-\sqrt{5}}{2}", "(-1-√5)/2")],
             [F(-1)], [F(1), F(-1)]], [r"\Delta=1^2-4\times1\times1=-3<0"], "根的判别式"),
    Problem("e36", "解方程 x^2-2x+5=0", "none", [], None,
            [[Tex(r"1+\sqrt{6}", "1+√6"), Tex(r"1-\sqrt{6}", "1-√6")], [F(1)], [F(5), F(-1)]],
            [r"\Delta=(-2)^2-4\times1\times5=-16<0"], "根的判别式"),
    Problem("p08", "解方程组 x+2y=8, 3x-y=3", "system", ["x=2", "y=3"], {"x": F(2), "y": F(3)},
            [{"x": F(3), "y": F(2)}, {"x": F(2), "y": F(4)}, {"x": F(-2), "y": F(5)}],
            [r"\text{②}\times2+\text{①}:\ 7x=14"], "二元一次方程组"),
    Problem("e16", "解方程组 x+y=5, x-y=1", "system", ["x=3", "y=2"], {"x": F(3), "y": F(2)},
            [{"x": F(2), "y": F(3)}, {"x": F(3), "y": F(1)}, {"x": F(6), "y": F(-1)}],
            [r"\text{①}+\text{②}:\ 2x=6"], "加减消元法"),
    Problem("e37", "解方程组 2x+y=7, x-y=2", "system", ["x=3", "y=1"], {"x": F(3), "y": F(1)},
            [{"x": F(1), "y": F(3)}, {"x": F(3), "y": F(-1)}, {"x": F(5, 3), "y": F(11, 3)}],
            [r"\text{①}+\text{②}:\ 3x=9"], "加减消元法"),
    # -- inequalities -------------------------------------------------------------------------
    Problem("p09", "解不等式 3x + 1 ≤ 10", "relation", ["x<=3"], [(INF, F(3), False, True)],
            [[(INF, F(3), False, False)], [(F(3), INF, True, False)], [(INF, F(11, 3), False, True)]],
            [r"3x\le 9"], "一元一次不等式"),
    Problem("e38", "解不等式 2x-1<5", "relation", ["x<3"], [(INF, F(3), False, False)],
            [[(INF, F(3), False, True)], [(INF, F(2), False, False)], [(F(3), INF, False, False)]],
            [r"2x<6"], "一元一次不等式"),
    Problem("e39", "解不等式 3-2x>7", "relation", ["x<-2"], [(INF, F(-2), False, False)],
            [[(F(-2), INF, False, False)], [(INF, F(2), False, False)], [(INF, F(-5), False, False)]],
            [r"-2x>4"], "一元一次不等式（系数为负要变号）"),
    Problem("p10", "解不等式：x^2 - 1 > 0", "relation", ["(x<-1)|(x>1)"],
            [(INF, F(-1), False, False), (F(1), INF, False, False)],
            [[(F(-1), F(1), False, False)], [(F(1), INF, False, False)],
             [(INF, F(-1), False, True), (F(1), INF, True, False)]],
            [r"(x+1)(x-1)>0"], "一元二次不等式"),
    Problem("e10", "解不等式 x^2-4x+3>0", "relation", ["(x<1)|(x>3)"],
            [(INF, F(1), False, False), (F(3), INF, False, False)],
            [[(F(1), F(3), False, False)], [(INF, F(-3), False, False), (F(-1), INF, False, False)],
             [(F(3), INF, False, False)]], [r"(x-1)(x-3)>0"], "一元二次不等式"),
    Problem("e11", "解不等式 x^2-4x+3≤0", "relation", ["(x>=1)&(x<=3)"], [(F(1), F(3), True, True)],
            [[(F(1), F(3), False, False)], [(INF, F(1), False, True), (F(3), INF, True, False)],
             [(F(-3), F(-1), True, True)]], [r"(x-1)(x-3)\le0"], "一元二次不等式"),
    Problem("e14", "解不等式 |x-1|>2", "relation", ["(x<-1)|(x>3)"],
            [(INF, F(-1), False, False), (F(3), INF, False, False)],
            [[(F(-1), F(3), False, False)], [(F(3), INF, False, False)],
             [(INF, F(-3), False, False), (F(1), INF, False, False)]],
            [r"x-1>2\text{ 或 }x-1<-2"], "绝对值不等式"),
    Problem("e40", "解不等式 x^2-x-6<0", "relation", ["(x>-2)&(x<3)"], [(F(-2), F(3), False, False)],
            [[(F(-3), F(2), False, False)], [(INF, F(-2), False, False), (F(3), INF, False, False)],
             [(F(-2), F(3), True, True)]], [r"(x+2)(x-3)<0"], "一元二次不等式"),
    Problem("e41", "解不等式 x^2-2x-3≥0", "relation", ["(x<=-1)|(x>=3)"],
            [(INF, F(-1), False, True), (F(3), INF, True, False)],
            [[(F(-1), F(3), True, True)], [(INF, F(-1), False, False), (F(3), INF, False, False)],
             [(INF, F(-3), False, True), (F(1), INF, True, False)]], [r"(x+1)(x-3)\ge0"], "一元二次不等式"),
    Problem("e07", "解不等式 x^2+1>0", "reals", ["True"], None,
            ["none", [(F(-1), F(1), False, False)], [(F(0), INF, False, False)]],
            [r"x^2\ge0", r"x^2+1\ge1>0"], "一元二次不等式"),
    Problem("e42", "解不等式 x^2-2x+1≥0", "reals", ["True"], None,
            ["none", [(F(1), INF, True, False)], [(INF, F(1), False, True)]],
            [r"(x-1)^2\ge0"], "完全平方式的非负性"),
    Problem("e43", "解不等式 x^2+2x+3<0", "none", [], None,
            [[(F(-3), F(1), False, False)], "reals", [(INF, F(-1), False, False)]],
            [r"x^2+2x+3=(x+1)^2+2>0"], "一元二次不等式", form="relation"),
]  # fmt: skip
