<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Loading the data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>Device: {0} · CPU threads: {1}</source>
        <translation>设备：{0} · CPU 线程：{1}</translation>
    </message>
    <message>
        <source>Training on {0} digits, validating on {1}.</source>
        <translation>用 {0} 个数字训练，用 {1} 个数字验证。</translation>
    </message>
    <message>
        <source>{0} samples/s</source>
        <translation>每秒 {0} 个样本</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}: loss {2:.4f}, accuracy {3:.2f}%, validation loss {4:.4f}, validation accuracy {5:.2f}% ({6:.1f} s).</source>
        <translation>第 {0}/{1} 轮：损失 {2:.4f}，准确率 {3:.2f}%，验证损失 {4:.4f}，验证准确率 {5:.2f}%（{6:.1f} 秒）。</translation>
    </message>
    <message>
        <source>Training completed: {0} epochs.</source>
        <translation>训练完成：共 {0} 轮。</translation>
    </message>
    <message>
        <source>Training stopped in epoch {0}; what was trained is saved.</source>
        <translation>训练在第 {0} 轮停止；已训练的结果已保存。</translation>
    </message>
    <message>
        <source>Training diverged; the last good weights were kept.</source>
        <translation>训练发散了；已保留最后一组正常的权重。</translation>
    </message>
    <message>
        <source>Delete the run {0} and its checkpoints? This cannot be undone.</source>
        <translation>删除训练记录 {0} 及其检查点？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete {0}? It is not a usable run: {1}</source>
        <translation>删除 {0}？它不是可用的训练记录：{1}</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除训练记录</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Curves saved to {0}.</source>
        <translation>曲线已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>AtlasTable</name>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Accuracy drop
(points)</source>
        <translation>准确率下降
（百分点）</translation>
    </message>
    <message>
        <source>True-class
probability drop</source>
        <translation>真实类别
概率下降</translation>
    </message>
    <message>
        <source>Digits that drive it most (|h|)</source>
        <translation>最能激活它的数字（|h|）</translation>
    </message>
    <message>
        <source>Your digit
(peak h, row)</source>
        <translation>你的数字
（峰值 h，行）</translation>
    </message>
    <message>
        <source>{0} saturated
(% of states)</source>
        <translation>{0} 饱和
（状态的 %）</translation>
    </message>
    <message>
        <source>The unit&apos;s number, from 1 (the Draw tab&apos;s heatmap columns).</source>
        <translation>单元编号，从 1 开始（即绘制页热图的列）。</translation>
    </message>
    <message>
        <source>Test accuracy with every unit minus the accuracy with this unit&apos;s h set to 0 after every step, in percentage points; negative: it did better without it.</source>
        <translation>全部单元时的测试准确率减去每一步后将该单元的 h 置 0 时的准确率，单位为百分点；为负表示没有它反而更好。</translation>
    </message>
    <message>
        <source>The fall of the mean probability given to the true class when the unit is silenced, in percentage points: it ranks units that flip no answer.</source>
        <translation>静默该单元时真实类别平均概率的下降，单位为百分点：可为不改变任何答案的单元排序。</translation>
    </message>
    <message>
        <source>The test digits at which |h| of this unit peaks highest, each with a red tick at the row where it peaks; hover for the values.</source>
        <translation>使该单元 |h| 峰值最高的测试数字，红色刻度标出峰值所在的行；悬停可查看数值。</translation>
    </message>
    <message>
        <source>The drawn digit&apos;s h where its |h| peaks, and that row; yellow: as strong as the unit&apos;s top test digits.</source>
        <translation>所画数字在 |h| 最大处的 h 及其所在行；黄色：与该单元排名最前的测试数字一样强。</translation>
    </message>
    <message>
        <source>The share of (test digit, row) states at which gate {0} is saturated: below 0.05 or above 0.95 (the tanh candidate: beyond -0.95 or 0.95).</source>
        <translation>门 {0} 处于饱和的（测试数字，行）状态所占比例：低于 0.05 或高于 0.95（tanh 候选值：超出 -0.95 或 0.95）。</translation>
    </message>
    <message>
        <source>a {label} (test digit #{index}): h = {value:+.2f} at row {row}</source>
        <translation>一个 {label}（测试数字 #{index}）：第 {row} 行 h = {value:+.2f}</translation>
    </message>
    <message>
        <source>Your digit drives this unit as hard as its top test digits.</source>
        <translation>你的数字对该单元的激活与其排名最前的测试数字一样强。</translation>
    </message>
</context>
<context>
    <name>CellNumbersPanel</name>
    <message>
        <source>Close the cell numbers</source>
        <translation>关闭单元数值</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Row {row}, unit {unit}: the {cell} at step {step} of {steps}</source>
        <translation>第 {row} 行，单元 {unit}：{cell} 在第 {step} 步（共 {steps} 步）</translation>
    </message>
    <message>
        <source>x(t): a blank step; all {count} inputs are 0, so W·x is 0.</source>
        <translation>x(t)：空白步；全部 {count} 个输入为 0，所以 W·x 为 0。</translation>
    </message>
    <message>
        <source>x(t): the {count} values of h(t) of the layer below.</source>
        <translation>x(t)：下一层 h(t) 的 {count} 个值。</translation>
    </message>
    <message>
        <source>x(t): the {count} pixels read at this step; {on} of them inked (≥ 0.5), ink sum {ink}.</source>
        <translation>x(t)：这一步读入的 {count} 个像素；其中 {on} 个有墨迹（≥ 0.5），墨迹总和 {ink}。</translation>
    </message>
    <message>
        <source>The heatmaps show this network changed by an intervention; these are its own numbers, unchanged.</source>
        <translation>热图显示的是被干预改变后的网络；这里是它自己未经改变的数值。</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>和</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Each line: value = σ(W·x + U·h(t−1) + b); tanh for g, n and h.</source>
        <translation>每一行：值 = σ(W·x + U·h(t−1) + b)；g、n 和 h 用 tanh。</translation>
    </message>
    <message>
        <source>For n, U·h and its bias are first multiplied by r.</source>
        <translation>对 n，U·h 及其偏置先乘以 r。</translation>
    </message>
    <message>
        <source>How to read it: f near 1 keeps the memory c, near 0 wipes it; i·g is what this row writes into it; o decides how much of tanh(c) shows as h.</source>
        <translation>怎么读：f 接近 1 保留记忆 c，接近 0 则清除它；i·g 是这一行写入记忆的内容；o 决定 tanh(c) 有多少作为 h 显示出来。</translation>
    </message>
    <message>
        <source>How to read it: z near 1 keeps the old h, near 0 replaces it with the candidate n; r decides how much of the old h the candidate looks at.</source>
        <translation>怎么读：z 接近 1 保留旧的 h，接近 0 则用候选值 n 替换它；r 决定候选值参考多少旧的 h。</translation>
    </message>
    <message>
        <source>How to read it: no gates; every step rewrites h from its input and the old h, which is why a plain RNN forgets early rows quickly.</source>
        <translation>怎么读：没有门；每一步都根据输入和旧的 h 重写 h，所以普通 RNN 很快就忘记前面的行。</translation>
    </message>
    <message>
        <source>In the exported training script, line {number}:</source>
        <translation>在导出的训练脚本中，第 {number} 行：</translation>
    </message>
    <message>
        <source>runs these equations for every step and unit at once.</source>
        <translation>一次性为每一步、每个单元计算这些方程。</translation>
    </message>
</context>
<context>
    <name>ClaimVerdict</name>
    <message>
        <source>Budget: {updates} weight updates per run ({digits} training digits × {epochs} epoch(s), batch {batch}), {seeds} seed(s) per cell and length, {hidden} units.</source>
        <translation>训练预算：每次训练 {updates} 次权重更新（{digits} 个训练数字 × {epochs} 个轮次，批大小 {batch}），每种单元、每个长度各 {seeds} 个随机种子，{hidden} 个隐藏单元。</translation>
    </message>
    <message>
        <source>The memory task: each digit&apos;s 28 rows, then blank steps up to each length ({lengths}), the answer read after the last one, so the net must carry the digit across the blank steps.</source>
        <translation>记忆任务：先读数字的 28 行，再读空白步，直到各个长度（{lengths}）；答案在最后一个空白步之后才读取，所以网络必须把数字带过这些空白步。</translation>
    </message>
    <message>
        <source>Each image was read cut into {lengths} steps (784 ÷ steps pixels a step).</source>
        <translation>每张图像被切成 {lengths} 步来读（每步 784 ÷ 步数 个像素）。</translation>
    </message>
    <message>
        <source>No run finished, so there is nothing to judge.</source>
        <translation>没有一次训练完成，因此无从判断。</translation>
    </message>
    <message>
        <source>One seed (or repeat) has no spread to judge by: a decision needs at least {count}.</source>
        <translation>只有一个随机种子（或一次重复）就看不出波动范围，无从判断：下结论至少需要 {count} 个。</translation>
    </message>
    <message>
        <source>The experiment was stopped: only the {count} run(s) that finished count.</source>
        <translation>实验被停止了：只计入已完成的 {count} 次训练。</translation>
    </message>
    <message>
        <source>Inconclusive: at {steps} steps {figures} stayed below {learned} on some seed, so these nets had not learned the task and their figures cannot judge the claim. Try about {next} weight updates per run.</source>
        <translation>无定论：在 {steps} 步时，{figures} 在某个随机种子上低于 {learned}，说明这些网络还没学会这个任务，它们的数字无法用来判断论断。请试试每次训练约 {next} 次权重更新。</translation>
    </message>
    <message>
        <source>Test accuracy at {steps} steps (mean, lowest–highest): {figures}.</source>
        <translation>{steps} 步时的测试准确率（平均值，最低–最高）：{figures}。</translation>
    </message>
    <message>
        <source>After training, the gradient of the loss reaching the memory state at step {first} (h; an LSTM&apos;s cell state c), as a fraction of that at step {last}: {figures} (a tenfold decay every {tenfold} steps).</source>
        <translation>训练后，损失传到第 {first} 步记忆状态（h；LSTM 则是细胞状态 c）的梯度，占第 {last} 步梯度的比例：{figures}（每 {tenfold} 步衰减为十分之一）。</translation>
    </message>
    <message>
        <source>The LSTM&apos;s output h kept {ratio} of its gradient over the same span (the LSTM&apos;s path for memory is its cell state c).</source>
        <translation>在同一段跨度上，LSTM 的输出 h 保留了 {ratio} 的梯度（LSTM 传递记忆的通路是它的细胞状态 c）。</translation>
    </message>
    <message>
        <source>Inconclusive: train both a plain RNN and an LSTM to compare them.</source>
        <translation>无定论：请同时训练普通 RNN 和 LSTM，才能比较两者。</translation>
    </message>
    <message>
        <source>This supports the claim: on every seed the LSTM&apos;s gradient through the recurrence kept more of its size ({lstm}) than the plain RNN&apos;s ({rnn}).</source>
        <translation>这支持该论断：在每个随机种子上，LSTM 沿循环回传的梯度保留的大小（{lstm}）都多于普通 RNN（{rnn}）。</translation>
    </message>
    <message>
        <source>This contradicts the claim: on every seed the plain RNN&apos;s gradient through the recurrence kept more of its size ({rnn}) than the LSTM&apos;s ({lstm}).</source>
        <translation>这与论断相反：在每个随机种子上，普通 RNN 沿循环回传的梯度保留的大小（{rnn}）都多于 LSTM（{lstm}）。</translation>
    </message>
    <message>
        <source>Inconclusive: the ranges over seeds overlap (RNN {rnn}, LSTM {lstm}), so this budget shows no difference; more seeds or about {next} updates per run may.</source>
        <translation>无定论：各随机种子的范围相互重叠（RNN {rnn}，LSTM {lstm}），所以在这个训练预算下看不出差别；更多随机种子或每次训练约 {next} 次更新也许能看出来。</translation>
    </message>
    <message>
        <source>At {steps} steps every LSTM seed answered better than every plain-RNN seed ({lstm} against {rnn}).</source>
        <translation>在 {steps} 步时，LSTM 的每个随机种子都比普通 RNN 的每个随机种子答得更好（{lstm} 对 {rnn}）。</translation>
    </message>
    <message>
        <source>At {steps} steps every plain-RNN seed answered better than every LSTM seed ({rnn} against {lstm}).</source>
        <translation>在 {steps} 步时，普通 RNN 的每个随机种子都比 LSTM 的每个随机种子答得更好（{rnn} 对 {lstm}）。</translation>
    </message>
    <message>
        <source>Before training, the same fraction (step {first} ÷ step {last}) was {keras} with Keras&apos;s initialisation (Glorot inputs, orthogonal recurrent weights) and {pytorch} with PyTorch&apos;s (uniform weights): what the initialisation alone does.</source>
        <translation>训练之前，同一比例（第 {first} 步 ÷ 第 {last} 步）在 Keras 初始化（输入权重用 Glorot，循环权重用正交矩阵）下为 {keras}，在 PyTorch 初始化（均匀分布的权重）下为 {pytorch}：这是初始化本身造成的差别。</translation>
    </message>
    <message>
        <source>The LSTM&apos;s forget gate started with bias {bias}: by itself it keeps sigmoid({bias})^{blank} = {kept} of the cell&apos;s memory across the {blank} blank steps (the forget-gate bias setting changes this).</source>
        <translation>LSTM 遗忘门的初始偏置为 {bias}：单靠它，经过 {blank} 个空白步后细胞的记忆只剩 sigmoid({bias})^{blank} = {kept}（“遗忘门偏置”设置可以改变这一点）。</translation>
    </message>
    <message>
        <source>The GRU&apos;s update gate started with bias {bias}: by itself it keeps sigmoid({bias})^{blank} = {kept} of its state across the {blank} blank steps (the same setting changes this).</source>
        <translation>GRU 更新门的初始偏置为 {bias}：单靠它，经过 {blank} 个空白步后状态只剩 sigmoid({bias})^{blank} = {kept}（同一设置可以改变这一点）。</translation>
    </message>
    <message>
        <source>{cell} test accuracy by length: {figures}.</source>
        <translation>{cell} 在各长度上的测试准确率：{figures}。</translation>
    </message>
    <message>
        <source>About a hundred steps is fine, as the claim says: at {steps} steps the {cell} reached {acc} against {short_acc} at {short}, every seed within {drop} points.</source>
        <translation>正如论断所说，一百步左右没有问题：{cell} 在 {steps} 步时达到 {acc}，在 {short} 步时为 {short_acc}，每个随机种子相差都在 {drop} 个百分点以内。</translation>
    </message>
    <message>
        <source>At {steps} steps the {cell} reached {acc} against {short_acc} at {short}: every seed lost more than {drop} points, so on this budget about a hundred steps is not fine, against the claim.</source>
        <translation>{cell} 在 {steps} 步时达到 {acc}，在 {short} 步时为 {short_acc}：每个随机种子都下降了 {drop} 个百分点以上，所以在这个训练预算下，一百步左右并不是没有问题，这与论断相反。</translation>
    </message>
    <message>
        <source>About a thousand steps is hard, as the claim says: at {steps} steps the {cell} reached {acc} against {short_acc} at {short}, every seed more than {drop} points lower.</source>
        <translation>正如论断所说，一千步左右很难：{cell} 在 {steps} 步时只达到 {acc}，在 {short} 步时为 {short_acc}，每个随机种子都低了 {drop} 个百分点以上。</translation>
    </message>
    <message>
        <source>At {steps} steps the {cell} reached {acc} against {short_acc} at {short}, every seed within {drop} points: not hard here, against the claim.</source>
        <translation>{cell} 在 {steps} 步时达到 {acc}，在 {short} 步时为 {short_acc}，每个随机种子相差都在 {drop} 个百分点以内：在这里并不难，这与论断相反。</translation>
    </message>
    <message>
        <source>At {steps} steps the {cell} reached {acc} against {short_acc} at {short}: the seeds spread across the {drop}-point line, so this length decides nothing.</source>
        <translation>{cell} 在 {steps} 步时达到 {acc}，在 {short} 步时为 {short_acc}：各随机种子落在 {drop} 个百分点这条线的两侧，所以这个长度说明不了什么。</translation>
    </message>
    <message>
        <source>No length of about a hundred steps (50–200) was tried, so the claim&apos;s first half is untested here; add 100.</source>
        <translation>没有尝试一百步左右（50–200）的长度，所以论断的前半部分在这里未经检验；请加入 100。</translation>
    </message>
    <message>
        <source>No length of {long} steps or more was tried, so the claim&apos;s second half is untested here; add 1000.</source>
        <translation>没有尝试 {long} 步或更长的长度，所以论断的后半部分在这里未经检验；请加入 1000。</translation>
    </message>
    <message>
        <source>Budget: {repeats} repeats of {updates} training updates per network, the networks in alternating order; batch {batch}, {hidden} units, {threads} thread(s). Times are per update: median (lowest–highest).</source>
        <translation>测量预算：每个网络重复 {repeats} 次，每次计时 {updates} 次训练更新，各网络交替顺序进行；批大小 {batch}，{hidden} 个隐藏单元，{threads} 个线程。时间均为每次更新的用时：中位数（最低–最高）。</translation>
    </message>
    <message>
        <source>At {steps} steps an LSTM update took {lstm} and a plain RNN&apos;s {rnn}: {ratio} for {work} the multiply-adds, slower on every repeat and roughly in proportion.</source>
        <translation>在 {steps} 步时，LSTM 一次更新用时 {lstm}，普通 RNN 用时 {rnn}：乘加次数是其 {work}，用时是其 {ratio}，每次重复都更慢，而且大致成比例。</translation>
    </message>
    <message>
        <source>At {steps} steps an LSTM update took {lstm} and a plain RNN&apos;s {rnn}: {ratio} for {work} the multiply-adds, slower on every repeat but less than in proportion (fixed costs per step weigh in at this size).</source>
        <translation>在 {steps} 步时，LSTM 一次更新用时 {lstm}，普通 RNN 用时 {rnn}：乘加次数是其 {work}，用时是其 {ratio}，每次重复都更慢，但不到成比例（在这个规模下，每步的固定开销占了不少）。</translation>
    </message>
    <message>
        <source>At {steps} steps an LSTM update took {lstm} and a plain RNN&apos;s {rnn} ({ratio}): the LSTM was faster on every repeat despite {work} the multiply-adds.</source>
        <translation>在 {steps} 步时，LSTM 一次更新用时 {lstm}，普通 RNN 用时 {rnn}（{ratio}）：尽管乘加次数是其 {work}，LSTM 在每次重复中都更快。</translation>
    </message>
    <message>
        <source>At {steps} steps an LSTM update took {lstm} and a plain RNN&apos;s {rnn} ({ratio}): the ranges overlap, no measurable difference despite {work} the multiply-adds.</source>
        <translation>在 {steps} 步时，LSTM 一次更新用时 {lstm}，普通 RNN 用时 {rnn}（{ratio}）：两者范围重叠，尽管乘加次数是其 {work}，却测不出差别。</translation>
    </message>
    <message>
        <source>Inconclusive: time both a plain RNN and an LSTM to compare them.</source>
        <translation>无定论：请同时给普通 RNN 和 LSTM 计时，才能比较两者。</translation>
    </message>
    <message>
        <source>{factor} the steps ({short} → {long}) made an LSTM update {slower} as long, on every repeat: long sequences are slow, as the claim says.</source>
        <translation>步数变为 {factor}（{short} → {long}），LSTM 一次更新的用时变为 {slower}，每次重复都如此：正如论断所说，长序列很慢。</translation>
    </message>
    <message>
        <source>{factor} the steps ({short} → {long}) changed an LSTM update&apos;s time by {slower}: not separated from the noise of the repeats.</source>
        <translation>步数变为 {factor}（{short} → {long}），LSTM 一次更新的用时变为 {slower}：与各次重复之间的波动分不开。</translation>
    </message>
    <message>
        <source>Deeper is slower: at {steps} steps an LSTM update took {figures} by layers; {high} layers took {ratio} the time of {low}, on every repeat.</source>
        <translation>层数越多越慢：在 {steps} 步时，LSTM 一次更新按层数的用时为 {figures}；{high} 层的用时是 {low} 层的 {ratio}，每次重复都如此。</translation>
    </message>
    <message>
        <source>At {steps} steps an LSTM update took {figures} by layers; {high} layers took {ratio} the time of {low}: not separated from the noise of the repeats.</source>
        <translation>在 {steps} 步时，LSTM 一次更新按层数的用时为 {figures}；{high} 层的用时是 {low} 层的 {ratio}：与各次重复之间的波动分不开。</translation>
    </message>
</context>
<context>
    <name>ClaimsTab</name>
    <message>
        <source>1. Gradients through time</source>
        <translation>1. 随时间回传的梯度</translation>
    </message>
    <message>
        <source>An LSTM keeps gradients alive over many steps, where a plain RNN&apos;s vanish as they travel back through time. (Exploding gradients are another matter: the LSTM does not cure them, gradient clipping does.)</source>
        <translation>LSTM 能让梯度在许多步之间保持有效，而普通 RNN 的梯度在随时间回传时会消失（梯度消失）。（梯度爆炸是另一回事：LSTM 治不了它，靠的是梯度裁剪。）</translation>
    </message>
    <message>
        <source>Trains a plain RNN and an LSTM once per seed on the memory task (a digit&apos;s 28 rows, then blank steps up to the length) and measures the gradient of the loss reaching the memory state at every step (an LSTM&apos;s cell state c, else h): how much of it crosses the blank steps, before and after training.</source>
        <translation>在记忆任务上（先读数字的 28 行，再读空白步，直到设定的长度），用每个随机种子各训练一次普通 RNN 和 LSTM，并测量损失传到每一步记忆状态（LSTM 是细胞状态 c，其他是 h）的梯度：训练前后各有多少梯度能穿过这些空白步。</translation>
    </message>
    <message>
        <source>Try next: more seeds, to narrow the ranges; the reference settings; a forget-gate bias of 5, which lets an LSTM keep its memory across the blank steps; PyTorch&apos;s initialisation, to see what Keras&apos;s does by itself.</source>
        <translation>接下来可以试试：更多随机种子，让范围收窄；参考设置；遗忘门偏置设为 5，让 LSTM 能把记忆保持过空白步；PyTorch 的初始化，看看 Keras 的初始化本身起了什么作用。</translation>
    </message>
    <message>
        <source>Trains each cell once per seed at each length (a digit&apos;s 28 rows, then blank steps) on the same budget and compares the test accuracy they reach.</source>
        <translation>在相同的训练预算下，用每个随机种子在每个长度上（先读数字的 28 行，再读空白步）各训练一次每种单元，比较它们达到的测试准确率。</translation>
    </message>
    <message>
        <source>Try next: more training digits (a small budget blurs the answer); more seeds; a forget-gate bias of 5; the GRU; the image cut finer, 784 steps pixel by pixel, as in the published figures.</source>
        <translation>接下来可以试试：更多训练数字（训练预算太小会让答案模糊）；更多随机种子；遗忘门偏置设为 5；GRU；把图像切得更细，像已发表的结果那样逐像素读 784 步。</translation>
    </message>
    <message>
        <source>Times training updates (forward, backward, Adam step) of each cell at each length and depth, the networks in alternating order, several repeats each, and compares the medians with their spread over the repeats.</source>
        <translation>为每种单元在每个长度和层数下的训练更新（前向、反向、Adam 一步）计时，各网络交替顺序、各重复多次，再把中位数与各次重复的波动范围作比较。</translation>
    </message>
    <message>
        <source>Try next: more hidden units (256), where the arithmetic dominates; more repeats, to narrow the ranges; longer sequences; more layers.</source>
        <translation>接下来可以试试：更多隐藏单元（256），这时算术量占主导；更多重复次数，让范围收窄；更长的序列；更多层。</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} 分 {1} 秒</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>pixel-by-pixel MNIST</source>
        <translation>逐像素读入的 MNIST</translation>
    </message>
    <message>
        <source>2. How long a sequence can be</source>
        <translation>2. 序列能有多长</translation>
    </message>
    <message>
        <source>Sequences of about a hundred steps are fine for an LSTM; sequences of about a thousand steps are hard.</source>
        <translation>对 LSTM 来说，约一百步的序列没有问题；约一千步的序列就很难了。</translation>
    </message>
    <message>
        <source>3. The cost of a cell</source>
        <translation>3. 单元的计算代价</translation>
    </message>
    <message>
        <source>Each LSTM cell holds four dense layers (its gates), so long sequences and deep networks are slow to train.</source>
        <translation>每个 LSTM 单元包含四个全连接层（它的门），所以长序列和深层网络训练起来很慢。</translation>
    </message>
    <message>
        <source>Your experiment of {0}: {1}</source>
        <translation>你在 {0} 的实验：{1}</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>Stopped; {0} finished result(s) kept and saved.</source>
        <translation>已停止；已完成的 {0} 项结果已保留并保存。</translation>
    </message>
    <message>
        <source>Done: {0} results, saved.</source>
        <translation>完成：{0} 项结果，已保存。</translation>
    </message>
    <message>
        <source>The claim: {0}</source>
        <translation>论断：{0}</translation>
    </message>
    <message>
        <source>Run the experiment to see what the numbers say.</source>
        <translation>运行实验，看看数字怎么说。</translation>
    </message>
    <message>
        <source>A run is training in the Train tab; start the experiment when it has ended, so that the two do not share the processor and skew its speeds.</source>
        <translation>“训练”页正在训练一个运行；请等它结束后再开始实验，以免两者共用处理器而使实验的速度数据失真。</translation>
    </message>
    <message>
        <source>The verdict is written when the experiment ends.</source>
        <translation>实验结束时会写出结论。</translation>
    </message>
    <message>
        <source>Running: {0}</source>
        <translation>正在运行：{0}</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>Show the code</source>
        <translation>查看代码</translation>
    </message>
    <message>
        <source>A stand-alone PyTorch script that trains the settings now in the Train form, as lstm-gui trains them, and prints the loss and accuracy of every epoch. It needs only PyTorch (and torchvision, to download a missing dataset): save it and run it with python.</source>
        <translation>一个独立的 PyTorch 脚本：按 lstm-gui 的方式训练“训练”表单中当前的设置，并打印每个 epoch 的损失和准确率。它只需要 PyTorch（缺少数据集时用 torchvision 下载）：保存后用 python 运行即可。</translation>
    </message>
    <message>
        <source>Training script</source>
        <translation>训练脚本</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save the training script as</source>
        <translation>将训练脚本另存为</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Saved {0}; run it with: python {0}</source>
        <translation>已保存 {0}；运行方法：python {0}</translation>
    </message>
</context>
<context>
    <name>ConfusionGrid</name>
    <message>
        <source>Confusion on my digits</source>
        <translation>我的数字的混淆矩阵</translation>
    </message>
    <message>
        <source>Rows: the digit you drew; columns: what the model read. Green: right.</source>
        <translation>行：你画的数字；列：模型读成的数字。绿色：正确。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>The confusion matrix appears after the first epoch.</source>
        <translation>第一个轮次结束后，这里会显示混淆矩阵。</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>test digits (colour capped at the largest mistake count)</source>
        <translation>测试数字个数（颜色上限为最大的错误数）</translation>
    </message>
    <message>
        <source>Click a cell to see its test digits.</source>
        <translation>点击一个格子，查看其中的测试数字。</translation>
    </message>
    <message>
        <source>Click a digit to open it in the draw pad.</source>
        <translation>点击一个数字，在画板中打开它。</translation>
    </message>
    <message>
        <source>Digits of the chosen cell</source>
        <translation>所选格子中的数字</translation>
    </message>
    <message>
        <source>Validation digits of the cell chosen in the confusion matrix</source>
        <translation>混淆矩阵中所选格子的验证数字</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>After epoch {0}: {1} of {2} validation digits read right ({3}%).</source>
        <translation>第 {0} 轮后：{2} 个验证数字中认对了 {1} 个（{3}%）。</translation>
    </message>
    <message>
        <source>The digits of this epoch are not available.</source>
        <translation>这一轮的数字不可用。</translation>
    </message>
    <message>
        <source>True {0}, read as {1}: {2} digits read right.</source>
        <translation>真实为 {0}，识别为 {1}：{2} 个数字认对了。</translation>
    </message>
    <message>
        <source>True {0}, read as {1}: {2} mistakes.</source>
        <translation>真实为 {0}，识别为 {1}：{2} 个错误。</translation>
    </message>
    <message>
        <source>Showing the first {0}.</source>
        <translation>只显示前 {0} 个。</translation>
    </message>
    <message>
        <source>Click one to open it in the draw pad.</source>
        <translation>点击一个，在画板中打开。</translation>
    </message>
    <message>
        <source>Test digit #{0}: true {1}, read as {2}</source>
        <translation>测试数字 #{0}：真实为 {1}，识别为 {2}</translation>
    </message>
</context>
<context>
    <name>CostPlots</name>
    <message>
        <source>ms per update</source>
        <translation>每次更新的毫秒数</translation>
    </message>
    <message>
        <source>Time per training update by length (1 layer)</source>
        <translation>每次训练更新的用时与长度（1 层）</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Time per update by layers</source>
        <translation>每次更新的用时与层数</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Cost of an update</source>
        <translation>一次更新的开销</translation>
    </message>
    <message>
        <source>{0}, yours: {1} repeats</source>
        <translation>{0}，你的：{1} 次重复</translation>
    </message>
    <message>
        <source>{0}, reference: {1} repeats × {2} updates</source>
        <translation>{0}，参考：{1} 次重复 × {2} 次更新</translation>
    </message>
    <message>
        <source>Time per update by layers (at {0} steps)</source>
        <translation>每次更新的用时与层数（{0} 步）</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Downloading the dataset</source>
        <translation>正在下载数据集</translation>
    </message>
    <message>
        <source>Downloading {0}: {1} MB</source>
        <translation>正在下载 {0}：{1} MB</translation>
    </message>
</context>
<context>
    <name>DrawPad</name>
    <message>
        <source>Draw one digit, 0 to 9, large and in the middle.</source>
        <translation>写一个数字（0 到 9），写大一点，写在中间。</translation>
    </message>
    <message>
        <source>Draw pad</source>
        <translation>手写板</translation>
    </message>
    <message>
        <source>Draw a digit with the mouse, a pen or a finger. Keys: X draws an example, Enter reads the digit again, Delete clears the pad.</source>
        <translation>用鼠标、手写笔或手指写一个数字。按键：X 画一个示例，Enter 重新识别，Delete 清空画板。</translation>
    </message>
    <message>
        <source>Draw a digit here
with the mouse, a pen or a finger</source>
        <translation>在这里写一个数字
可以用鼠标、手写笔或手指</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <source>Row by row</source>
        <translation>逐行阅读</translation>
    </message>
    <message>
        <source>Row experiments</source>
        <translation>行实验</translation>
    </message>
    <message>
        <source>How many rows are needed?</source>
        <translation>需要读多少行？</translation>
    </message>
    <message>
        <source>My handwriting</source>
        <translation>我的手写</translation>
    </message>
    <message>
        <source>{file} cannot be used: {reason} The current model stays.</source>
        <translation>无法使用 {file}：{reason} 将继续使用当前模型。</translation>
    </message>
    <message>
        <source>Cannot use this model</source>
        <translation>无法使用这个模型</translation>
    </message>
    <message>
        <source>Cannot open this file</source>
        <translation>无法打开这个文件</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>The bundled model could not be loaded ({reason}). Choose a model.</source>
        <translation>无法加载内置模型（{reason}）。请选择一个模型。</translation>
    </message>
    <message>
        <source>Bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <source>Test digits not found</source>
        <translation>找不到测试数字</translation>
    </message>
    <message>
        <source>{message}

Choose the folder that holds them now?</source>
        <translation>{message}

现在选择存放它们的文件夹吗？</translation>
    </message>
    <message>
        <source>Cannot read the test digits</source>
        <translation>无法读取测试数字</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>没有图片</translation>
    </message>
    <message>
        <source>There is no image in {where}; copy an image or an image file first.</source>
        <translation>{where}中没有图片；请先复制一张图片或一个图片文件。</translation>
    </message>
    <message>
        <source>Cannot read this image</source>
        <translation>无法读取这张图片</translation>
    </message>
    <message>
        <source>what was dropped</source>
        <translation>拖入的内容</translation>
    </message>
    <message>
        <source>Open an image of a digit</source>
        <translation>打开一张数字图片</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the folder that holds MNIST</source>
        <translation>选择存放 MNIST 的文件夹</translation>
    </message>
</context>
<context>
    <name>DrawTools</name>
    <message>
        <source>✎ Pen</source>
        <translation>✎ 画笔</translation>
    </message>
    <message>
        <source>Draw (P)</source>
        <translation>书写 (P)</translation>
    </message>
    <message>
        <source>⌫ Eraser</source>
        <translation>⌫ 橡皮擦</translation>
    </message>
    <message>
        <source>Erase (E)</source>
        <translation>擦除 (E)</translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>笔画粗细</translation>
    </message>
    <message>
        <source>↶ Undo</source>
        <translation>↶ 撤销</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>↷ Redo</source>
        <translation>↷ 重做</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>✕ Clear</source>
        <translation>✕ 清空</translation>
    </message>
    <message>
        <source>Clear the pad (Del)</source>
        <translation>清空画板 (Del)</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>Open a photo or scan of a digit (PNG, JPEG, …)</source>
        <translation>打开一张数字的照片或扫描图（PNG、JPEG 等）</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste an image from the clipboard (Ctrl+V)</source>
        <translation>从剪贴板粘贴图片 (Ctrl+V)</translation>
    </message>
    <message>
        <source>Test digit</source>
        <translation>测试集数字</translation>
    </message>
    <message>
        <source>A random digit from the MNIST test set</source>
        <translation>从 MNIST 测试集中随机取一个数字</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Let the app draw an example digit</source>
        <translation>让程序写一个示例数字</translation>
    </message>
    <message>
        <source>Save animation…</source>
        <translation>保存动画…</translation>
    </message>
    <message>
        <source>Save the model&apos;s row-by-row reading of this digit as a GIF or PNG</source>
        <translation>把模型逐行读这个数字的过程保存为 GIF 或 PNG</translation>
    </message>
    <message>
        <source>width</source>
        <translation>粗细</translation>
    </message>
    <message>
        <source>Or drop an image file here.</source>
        <translation>也可以把图片文件拖到这里。</translation>
    </message>
</context>
<context>
    <name>ExperimentColumn</name>
    <message>
        <source>Claims</source>
        <translation>教程的论断</translation>
    </message>
    <message>
        <source>Run the experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ends the current run; finished runs are kept.</source>
        <translation>结束当前训练；已完成的训练会保留。</translation>
    </message>
    <message>
        <source>Saved experiments</source>
        <translation>已保存的实验</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
</context>
<context>
    <name>ExperimentForm</name>
    <message>
        <source>Cells</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Quick (a few minutes)</source>
        <translation>快速（几分钟）</translation>
    </message>
    <message>
        <source>Reference settings (long)</source>
        <translation>参考设置（耗时长）</translation>
    </message>
    <message>
        <source>The quick budget may well be inconclusive; the reference settings are what the shipped reference results ran with.</source>
        <translation>快速预算很可能得不出定论；参考设置就是随软件附带的参考结果所用的设置。</translation>
    </message>
    <message>
        <source>Each cell and length is trained once per seed; the spread over seeds decides whether a difference is real.</source>
        <translation>每种单元、每个长度都用每个随机种子各训练一次；各随机种子之间的波动范围决定一个差别是否真实。</translation>
    </message>
    <message>
        <source>28 rows + blank steps</source>
        <translation>28 行 + 空白步</translation>
    </message>
    <message>
        <source>The image cut finer</source>
        <translation>把图像切得更细</translation>
    </message>
    <message>
        <source>28 rows + blank steps: the digit&apos;s rows, then blank steps up to the length; the answer is read after the last, so the net must remember the digit. Cut finer: the image&apos;s 784 pixels cut into that many steps.</source>
        <translation>28 行 + 空白步：先读数字的各行，再读空白步，直到设定的长度；答案在最后一步之后读取，所以网络必须记住这个数字。切得更细：把图像的 784 个像素切成这么多步。</translation>
    </message>
    <message>
        <source>Keras default</source>
        <translation>Keras 默认值</translation>
    </message>
    <message>
        <source>Keras starts the LSTM&apos;s forget gate at 1 (the GRU&apos;s update gate at 0). A higher bias, say 5, makes the LSTM keep its memory across more blank steps from the start.</source>
        <translation>Keras 把 LSTM 遗忘门的初始偏置设为 1（GRU 更新门设为 0）。更高的偏置（例如 5）能让 LSTM 一开始就把记忆保持过更多空白步。</translation>
    </message>
    <message>
        <source>Forget-gate bias value</source>
        <translation>遗忘门偏置值</translation>
    </message>
    <message>
        <source>Keras-like</source>
        <translation>类 Keras</translation>
    </message>
    <message>
        <source>PyTorch default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <source>Keras-like: Glorot input weights, orthogonal recurrent weights, forget bias 1. PyTorch default: every weight and bias uniform in ±1/√units.</source>
        <translation>类 Keras：输入权重用 Glorot，循环权重用正交矩阵，遗忘门偏置为 1。PyTorch 默认：所有权重和偏置都在 ±1/√单元数 内均匀分布。</translation>
    </message>
    <message>
        <source>Layer counts timed at the shortest length, e.g. 1, 2, 3.</source>
        <translation>在最短长度上计时的层数，例如 1, 2, 3。</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>随机种子数</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Lengths</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Training digits</source>
        <translation>训练数字</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Forget-gate bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Depths</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Timed updates</source>
        <translation>计时更新次数</translation>
    </message>
    <message>
        <source>Choose at least one cell: RNN, GRU or LSTM.</source>
        <translation>请至少选择一种单元：RNN、GRU 或 LSTM。</translation>
    </message>
    <message>
        <source>Write the lengths as whole numbers separated by commas, e.g. 28, 128.</source>
        <translation>请把长度写成用逗号分隔的整数，例如 28, 128。</translation>
    </message>
    <message>
        <source>Write the depths as layer counts from 1 to 8, separated by commas.</source>
        <translation>请把层数写成 1 到 8 之间、用逗号分隔的整数。</translation>
    </message>
    <message>
        <source>With 28 rows + blank steps, each length counts the 28 rows and the blank steps after them: choose lengths from {0} to {1}.</source>
        <translation>在“28 行 + 空白步”任务中，每个长度包括 28 行和其后的空白步：请选择 {0} 到 {1} 之间的长度。</translation>
    </message>
    <message>
        <source>Cutting the image finer needs lengths that divide its {0} pixels: {1}.</source>
        <translation>把图像切得更细时，长度必须能整除它的 {0} 个像素：{1}。</translation>
    </message>
    <message>
        <source>= {0} weight updates per run</source>
        <translation>= 每次训练 {0} 次权重更新</translation>
    </message>
</context>
<context>
    <name>FigureExport</name>
    <message>
        <source>Choose a file name ending in .png or .svg, not {0}.</source>
        <translation>请选择以 .png 或 .svg 结尾的文件名，而不是 {0}。</translation>
    </message>
    <message>
        <source>{0} cannot be drawn yet; open its tab and try again.</source>
        <translation>还无法绘制{0}；请打开它所在的标签页后再试。</translation>
    </message>
    <message>
        <source>The figure could not be saved to {0} ({1}); choose another folder.</source>
        <translation>无法将图表保存到 {0}（{1}）；请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Figure saved to {0}.</source>
        <translation>图表已保存到 {0}。</translation>
    </message>
    <message>
        <source>PNG image, twice the size (*.png)</source>
        <translation>PNG 图像，两倍大小 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export {0}</source>
        <translation>导出{0}</translation>
    </message>
    <message>
        <source>Export {0} as PNG…</source>
        <translation>将{0}导出为 PNG…</translation>
    </message>
    <message>
        <source>Export {0} as SVG…</source>
        <translation>将{0}导出为 SVG…</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
</context>
<context>
    <name>FigureMenu</name>
    <message>
        <source>{0}: {1}…</source>
        <translation>{0}：{1}…</translation>
    </message>
</context>
<context>
    <name>FineTuneSection</name>
    <message>
        <source>Fine-tune on my digits</source>
        <translation>用我的数字微调</translation>
    </message>
    <message>
        <source>Trains a copy of the model a little on batches that mix your digits with MNIST digits, then measures both again: what it gained on yours, and what it forgot.</source>
        <translation>用混合了你的数字和 MNIST 数字的批次对模型的副本稍加训练，然后重新测量两者：它在你的数字上学到了多少，又忘记了多少。</translation>
    </message>
    <message>
        <source>How many updates: each learns from one mixed batch</source>
        <translation>更新次数：每次从一个混合批次中学习</translation>
    </message>
    <message>
        <source>The share of each batch taken from your digits; the rest are MNIST digits</source>
        <translation>每个批次中来自你的数字的比例；其余为 MNIST 数字</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>My digits per batch:</source>
        <translation>每批中我的数字：</translation>
    </message>
    <message>
        <source>Train a copy of the model a little on your digits mixed with MNIST</source>
        <translation>用你的数字与 MNIST 混合，对模型的副本稍加训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>MNIST test set</source>
        <translation>MNIST 测试集</translation>
    </message>
    <message>
        <source>Use the fine-tuned model</source>
        <translation>使用微调后的模型</translation>
    </message>
    <message>
        <source>Keep some digits first: draw one, then press its number at left.</source>
        <translation>请先保存一些数字：画一个数字，然后按左侧对应的数字按钮。</translation>
    </message>
    <message>
        <source>Cannot fine-tune</source>
        <translation>无法微调</translation>
    </message>
    <message>
        <source>Measuring the model before fine-tuning…</source>
        <translation>正在测量微调前的模型…</translation>
    </message>
    <message>
        <source>Stopping: measuring after and saving…</source>
        <translation>正在停止：测量微调后的结果并保存…</translation>
    </message>
    <message>
        <source>Step {step} of {steps} · loss {loss}</source>
        <translation>第 {step} 步，共 {steps} 步 · 损失 {loss}</translation>
    </message>
    <message>
        <source>Saving the fine-tuned model…</source>
        <translation>正在保存微调后的模型…</translation>
    </message>
    <message>
        <source>{steps} steps done. Saved as a new run: {name} ({folder}).</source>
        <translation>已完成 {steps} 步。已另存为新的运行：{name}（{folder}）。</translation>
    </message>
    <message>
        <source>Fine-tuning failed</source>
        <translation>微调失败</translation>
    </message>
</context>
<context>
    <name>GradientView</name>
    <message>
        <source>‖∂L/∂x_t‖ by epoch (0: before training)</source>
        <translation>各轮的 ‖∂L/∂x_t‖（0：训练前）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Latest profile</source>
        <translation>最新的梯度分布</translation>
    </message>
    <message>
        <source>step t</source>
        <translation>步 t</translation>
    </message>
    <message>
        <source>Gradient through time</source>
        <translation>随时间的梯度</translation>
    </message>
    <message>
        <source>0 (below float32&apos;s range)</source>
        <translation>0（低于 float32 的范围）</translation>
    </message>
    <message>
        <source>Epoch {0}, step {1}: ‖∂L/∂x_t‖ = {2}</source>
        <translation>第 {0} 轮，第 {1} 步：‖∂L/∂x_t‖ = {2}</translation>
    </message>
    <message>
        <source>Train a run to see how strongly the loss depends on each step&apos;s input, from initialisation on.</source>
        <translation>训练一个运行，即可看到从初始化开始，损失对每一步输入的依赖有多强。</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>本运行</translation>
    </message>
    <message>
        <source>{0} ({1} steps 0)</source>
        <translation>{0}（{1} 步为 0）</translation>
    </message>
    <message>
        <source>Epoch {0}: the first quarter of the steps gets {1}× the gradient of the last quarter (below 1: what was read early matters less).</source>
        <translation>第 {0} 轮：前四分之一的步得到的梯度是后四分之一的 {1} 倍（小于 1：早读到的内容影响更小）。</translation>
    </message>
    <message>
        <source>{0} values are 0 (below float32&apos;s range), drawn at {1}, the smallest shown.</source>
        <translation>{0} 个值为 0（低于 float32 的范围），按图中最小的值 {1} 绘制。</translation>
    </message>
</context>
<context>
    <name>GradientViews</name>
    <message>
        <source>Memory state, after training</source>
        <translation>记忆状态（训练后）</translation>
    </message>
    <message>
        <source>At initialisation</source>
        <translation>初始化时</translation>
    </message>
    <message>
        <source>Input gradient</source>
        <translation>输入梯度</translation>
    </message>
    <message>
        <source>Gradient view</source>
        <translation>梯度视图</translation>
    </message>
    <message>
        <source>Length:</source>
        <translation>长度：</translation>
    </message>
    <message>
        <source>Sequence length shown</source>
        <translation>显示的序列长度</translation>
    </message>
    <message>
        <source>gradient norm (log scale)</source>
        <translation>梯度范数（对数坐标）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Gradient reaching the memory state at each step, after training</source>
        <translation>训练后，传到每一步记忆状态的梯度</translation>
    </message>
    <message>
        <source>Before training: Keras-like (Glorot, orthogonal)</source>
        <translation>训练前：类 Keras（Glorot、正交）</translation>
    </message>
    <message>
        <source>Before training: PyTorch default (uniform)</source>
        <translation>训练前：PyTorch 默认（均匀分布）</translation>
    </message>
    <message>
        <source>Gradient reaching each step&apos;s input, after training</source>
        <translation>训练后，传到每一步输入的梯度</translation>
    </message>
    <message>
        <source>Caveat: an MNIST digit&apos;s first and last rows are blank, so a net that has learned well also gives them a small input gradient (they carry nothing to learn from). A small input gradient says a step&apos;s input does not matter, not that the gradient vanished: for that, read the memory state&apos;s view.</source>
        <translation>注意：MNIST 数字的最前几行和最后几行是空白的，所以学得好的网络给它们的输入梯度也很小（这些行没有可学的东西）。输入梯度小只说明这一步的输入不重要，并不说明发生了梯度消失：要看梯度消失，请看“记忆状态”视图。</translation>
    </message>
    <message>
        <source>Memory gradient after training</source>
        <translation>训练后的记忆梯度</translation>
    </message>
    <message>
        <source>Memory gradient at initialisation</source>
        <translation>初始化时的记忆梯度</translation>
    </message>
    <message>
        <source>Input gradient after training</source>
        <translation>训练后的输入梯度</translation>
    </message>
    <message>
        <source>blank steps</source>
        <translation>空白步</translation>
    </message>
    <message>
        <source>input x</source>
        <translation>输入 x</translation>
    </message>
    <message>
        <source>cell state c</source>
        <translation>细胞状态 c</translation>
    </message>
    <message>
        <source>state h</source>
        <translation>状态 h</translation>
    </message>
    <message>
        <source>{0}, {1} ({2} seeds)</source>
        <translation>{0}，{1}（{2} 个随机种子）</translation>
    </message>
</context>
<context>
    <name>InsideTab</name>
    <message>
        <source>Choose the data folder…</source>
        <translation>选择数据文件夹…</translation>
    </message>
    <message>
        <source>State trajectories</source>
        <translation>状态轨迹</translation>
    </message>
    <message>
        <source>Unit atlas</source>
        <translation>单元图谱</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>The test digits are read when this tab is first shown.</source>
        <translation>首次打开此标签页时读取测试数字。</translation>
    </message>
    <message>
        <source>Reading the test digits with the model in use…</source>
        <translation>正在用当前模型读取测试数字…</translation>
    </message>
    <message>
        <source>The test digits will be read again when you open this tab.</source>
        <translation>打开此标签页时将重新读取测试数字。</translation>
    </message>
    <message>
        <source>{name} read {samples} test digits row by row: {accuracy:.1f}% of them right.</source>
        <translation>{name} 逐行读取了 {samples} 个测试数字：其中 {accuracy:.1f}% 正确。</translation>
    </message>
    <message>
        <source>Choose the folder that holds the dataset</source>
        <translation>选择存放数据集的文件夹</translation>
    </message>
    <message>
        <source>The test set holds {count} digit; the inside views need at least two.</source>
        <translation>测试集只有 {count} 个数字；内部视图至少需要两个。</translation>
    </message>
</context>
<context>
    <name>InterveneForm</name>
    <message>
        <source>What to change</source>
        <translation>要改变的对象</translation>
    </message>
    <message>
        <source>Hold the gate at</source>
        <translation>门固定为</translation>
    </message>
    <message>
        <source>First row</source>
        <translation>起始行</translation>
    </message>
    <message>
        <source>Last row</source>
        <translation>结束行</translation>
    </message>
    <message>
        <source>First unit</source>
        <translation>起始单元</translation>
    </message>
    <message>
        <source>Last unit</source>
        <translation>结束单元</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改变</translation>
    </message>
    <message>
        <source>Hold at</source>
        <translation>固定为</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>forget gate f</source>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <source>input gate i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <source>output gate o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <source>reset gate r</source>
        <translation>重置门 r</translation>
    </message>
    <message>
        <source>update gate z</source>
        <translation>更新门 z</translation>
    </message>
    <message>
        <source>memory c: empty it</source>
        <translation>记忆 c：清空</translation>
    </message>
    <message>
        <source>state h and c: empty it</source>
        <translation>状态 h 和 c：清空</translation>
    </message>
    <message>
        <source>units: silence them</source>
        <translation>单元：使其静默</translation>
    </message>
    <message>
        <source>A permuted model reads the pixels shuffled: it has no rows to name.</source>
        <translation>置换模型以打乱的顺序读取像素：没有可指定的行。</translation>
    </message>
    <message>
        <source>On the command line: --intervene {spec}</source>
        <translation>命令行写法：--intervene {spec}</translation>
    </message>
</context>
<context>
    <name>InterveneGuesses</name>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>guess after each row: untouched</source>
        <translation>每读一行后的猜测：未干预</translation>
    </message>
    <message>
        <source>under the intervention</source>
        <translation>干预之下</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>数字</translation>
    </message>
</context>
<context>
    <name>InterveneView</name>
    <message>
        <source>test digit </source>
        <translation>测试数字 </translation>
    </message>
    <message>
        <source>Test digit to read</source>
        <translation>要读取的测试数字</translation>
    </message>
    <message>
        <source>Read test digit</source>
        <translation>读取测试数字</translation>
    </message>
    <message>
        <source>No digit yet: draw one or read a test digit.</source>
        <translation>还没有数字：画一个，或读取一个测试数字。</translation>
    </message>
    <message>
        <source>Test-set accuracy</source>
        <translation>测试集准确率</translation>
    </message>
    <message>
        <source>Prediction, untouched</source>
        <translation>预测，未干预</translation>
    </message>
    <message>
        <source>Prediction under the intervention</source>
        <translation>干预之下的预测</translation>
    </message>
    <message>
        <source>Guess after each row, untouched and intervened</source>
        <translation>每读一行后的猜测：未干预与干预后</translation>
    </message>
    <message>
        <source>Untouched</source>
        <translation>未干预</translation>
    </message>
    <message>
        <source>Under the intervention</source>
        <translation>干预之下</translation>
    </message>
    <message>
        <source>The digit handed in (drawn).</source>
        <translation>传入的数字（手绘）。</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>It reads in both directions, and its reverse direction cannot be changed as it reads: choose a one-direction model for interventions.</source>
        <translation>它双向读取，其反向方向无法在读取时更改：请选择单向模型来做干预。</translation>
    </message>
    <message>
        <source>Test digit {number}, labelled {label}.</source>
        <translation>测试数字 {number}，标签为 {label}。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reading the test set…</source>
        <translation>正在读取测试集…</translation>
    </message>
    <message>
        <source>On {samples} test digits: {untouched}% untouched, {changed}% with {spec}.</source>
        <translation>在 {samples} 个测试数字上：未干预 {untouched}%，使用 {spec} 时 {changed}%。</translation>
    </message>
</context>
<context>
    <name>LengthPlot</name>
    <message>
        <source>Test accuracy by sequence length</source>
        <translation>各序列长度的测试准确率</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>准确率 %</translation>
    </message>
    <message>
        <source>steps (log scale)</source>
        <translation>步数（对数坐标）</translation>
    </message>
    <message>
        <source>chance {0}%</source>
        <translation>随机猜测 {0}%</translation>
    </message>
    <message>
        <source>Accuracy by length</source>
        <translation>各长度的准确率</translation>
    </message>
    <message>
        <source>{0}, yours: {1} seeds</source>
        <translation>{0}，你的：{1} 个随机种子</translation>
    </message>
    <message>
        <source>{0}, reference: {1} seeds, {2} updates</source>
        <translation>{0}，参考：{1} 个随机种子，{2} 次更新</translation>
    </message>
    <message>
        <source>{0} {1}% at {2} steps ({3}): {4}</source>
        <translation>{0} 在 {2} 步时 {1}%（{3}）：{4}</translation>
    </message>
    <message>
        <source>published ({0} steps, {1})</source>
        <translation>已发表（{0} 步，{1}）</translation>
    </message>
    <message>
        <source>★ published, {0} at {1} steps: {2} (hover a star for the source)</source>
        <translation>★ 已发表，{0}，{1} 步：{2}（把鼠标停在星号上可看出处）</translation>
    </message>
</context>
<context>
    <name>LessonFiles</name>
    <message>
        <source>Save the lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>lstm-gui lessons (*.lstm-lesson)</source>
        <translation>lstm-gui 课程 (*.lstm-lesson)</translation>
    </message>
    <message>
        <source>{0} already exists. Do you want to replace it?</source>
        <translation>{0} 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>Saved the lesson as {0}.</source>
        <translation>课程已保存为 {0}。</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>This lesson&apos;s Train settings are outside what the Train form offers ({0}); nothing was changed.</source>
        <translation>此课程的训练设置超出了训练表单提供的范围（{0}）；未做任何更改。</translation>
    </message>
    <message>
        <source>Opened the lesson.</source>
        <translation>已打开课程。</translation>
    </message>
    <message>
        <source>A run or an experiment is going on; stop it or let it finish, then try again.</source>
        <translation>正在进行训练或实验；请先停止或等待其完成，然后再试。</translation>
    </message>
    <message>
        <source>A lesson is being read or saved; try again in a moment.</source>
        <translation>正在读取或保存课程；请稍后再试。</translation>
    </message>
    <message>
        <source>The lesson could not be read or saved</source>
        <translation>无法读取或保存课程</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>LessonNotesDock</name>
    <message>
        <source>Lesson notes</source>
        <translation>课程笔记</translation>
    </message>
    <message>
        <source>Open a lesson (File → Open lesson…) to see its notes here.</source>
        <translation>打开一个课程（文件 → 打开课程…）即可在此查看其笔记。</translation>
    </message>
    <message>
        <source>Lesson &amp;notes</source>
        <translation>课程笔记(&amp;N)</translation>
    </message>
</context>
<context>
    <name>LookFor</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The training loss per batch and per epoch, and the test loss after each epoch. Look for the gap between them: in a 6-epoch run on 20,000 digits the training loss kept falling (0.59 to 0.07) while the test loss stopped improving after epoch 5 (0.138, then 0.146). From there, more epochs learn these training digits rather than digits in general.</source>
        <translation>每个批次和每个轮次的训练损失，以及每个轮次之后的测试损失。看两者之间的差距：在 20,000 个数字上训练 6 个轮次时，训练损失一直下降（从 0.59 到 0.07），而测试损失在第 5 个轮次之后不再改善（0.138，然后 0.146）。从那以后，更多的轮次学到的是这些训练数字，而不是一般的数字。</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>The share of training batches and of test digits read right. Most of the gain comes in the first epochs (test 89.9% after one epoch, 94.0% after two, on 20,000 digits); later epochs add less than a point each. A test curve that flattens while the training curve still climbs is the overfitting the loss shows.</source>
        <translation>训练批次和测试数字被读对的比例。大部分提升出现在最初几个轮次（在 20,000 个数字上，一个轮次后测试准确率 89.9%，两个轮次后 94.0%）；之后每个轮次增加不到一个百分点。测试曲线变平而训练曲线仍在上升，就是损失曲线所显示的过拟合。</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>The size (L2 norm) of each batch&apos;s gradient. It is largest while the network learns most (median 4.4, peaks near 8 in the first epoch of a 20,000-digit run) and shrinks as it settles (median 1.1 in epoch 6); single spikes are batches of unusual digits. A norm that keeps growing, or jumps by factors of ten, is an exploding gradient: gradient clipping is for that.</source>
        <translation>每个批次梯度的大小（L2 范数）。网络学得最多时它最大（在 20,000 个数字的训练中，第一个轮次中位数 4.4，峰值接近 8），随着网络稳定而变小（第 6 个轮次中位数 1.1）；单个尖峰来自不寻常数字组成的批次。持续增长或成十倍跳变的范数就是梯度爆炸：梯度裁剪正是为此而设。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Rows are the true digits, columns the model&apos;s answers; the diagonal is what it got right. The bundled model reads 99.5% of the 10,000 MNIST test digits right; its most frequent mistakes are 5 read as 3 (7 times), 7 as 2 (6) and 4 as 6 (5). The bright cells off the diagonal are pairs of digits that share strokes.</source>
        <translation>行是真实数字，列是模型的回答；对角线是它答对的部分。内置模型读对了 10,000 个 MNIST 测试数字中的 99.5%；最常见的错误是把 5 读成 3（7 次）、7 读成 2（6 次）和 4 读成 6（5 次）。对角线外的亮格是笔画相近的数字对。</translation>
    </message>
    <message>
        <source>Gradient through time</source>
        <translation>随时间的梯度</translation>
    </message>
    <message>
        <source>One row per epoch (row 0: before training), one column per step, coloured by how much the loss depends on that step&apos;s input. In a 20,000-digit run, before training the first step got about 160 times less gradient than the last (2.5e-6 against 4.2e-4): it vanishes on its way back. After one epoch the order had turned (8.6e-4 at step 1, 1.5e-4 at step 28): the LSTM had learned to carry the early rows to the answer.</source>
        <translation>每个轮次一行（第 0 行：训练之前），每一步一列，颜色表示损失对这一步输入的依赖程度。在 20,000 个数字的训练中，训练前第一步得到的梯度约为最后一步的 1/160（2.5e-6 对 4.2e-4）：梯度在反向传播途中消失了。一个轮次之后顺序反转了（第 1 步 8.6e-4，第 28 步 1.5e-4）：LSTM 学会了把前面的行带到答案中。</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>The network&apos;s probability for each digit after reading all 28 rows. The bundled model is usually sure: 96% of 2,000 MNIST test digits got one bar above 99%. Its mistakes are less sure (a median of 84% on the 15 it got wrong), so a second visible bar says the drawing could be read either way.</source>
        <translation>读完全部 28 行之后，网络对每个数字的概率。内置模型通常很确定：2,000 个 MNIST 测试数字中有 96% 的最高柱超过 99%。它出错时没那么确定（15 个错误的中位数为 84%），所以出现第二根明显的柱子说明这个图可以有两种读法。</translation>
    </message>
    <message>
        <source>Guess after each row</source>
        <translation>每行之后的猜测</translation>
    </message>
    <message>
        <source>Row t is the guess after reading rows 1 to t; the dot marks the top digit and the dashed line the row from which the answer no longer changes. Over a blank pad the bundled model&apos;s guess wanders between 1, 7 and 0 (15% to 75%). On MNIST test digits the answer settles at row 19 in the median (1s near row 8, 7s near 17, 2s and 3s near 21); the pad&apos;s example 7s settle at row 17 in the median, and after row 14 most of them are still read as a 2 or a 4 (47 of 50).</source>
        <translation>第 t 行是读完第 1 到 t 行之后的猜测；圆点标出最可能的数字，虚线标出答案从此不再改变的那一行。面对空白画板，内置模型的猜测在 1、7 和 0 之间游移（15% 到 75%）。在 MNIST 测试数字上，答案的中位数在第 19 行确定（1 约在第 8 行，7 约在第 17 行，2 和 3 约在第 21 行）；画板的示例 7 的中位数在第 17 行确定，读完第 14 行时大多仍被读成 2 或 4（50 个中有 47 个）。</translation>
    </message>
    <message>
        <source>h and c</source>
        <translation>h 和 c</translation>
    </message>
    <message>
        <source>h is what the network passes on after each row, and what the answer is read from; c is the LSTM&apos;s memory. Rows above the ink stay pale: nothing has been written yet. Watch c grow as ink arrives (a mean |c| of 0.38 at row 8, 0.56 at row 14 and 1.23 at row 28 on test digits) while h stays within ±1, 99% of it within ±0.92: the memory holds more than it shows.</source>
        <translation>h 是网络在每行之后传下去的东西，答案也从它读出；c 是 LSTM 的记忆。墨迹上方的行保持浅色：还什么都没写入。看 c 随墨迹到来而增长（在测试数字上，第 8 行的平均 |c| 为 0.38，第 14 行为 0.56，第 28 行为 1.23），而 h 始终在 ±1 之内，其中 99% 在 ±0.92 之内：记忆里装的比它显示出来的多。</translation>
    </message>
    <message>
        <source>Gates</source>
        <translation>门</translation>
    </message>
    <message>
        <source>i, f and o run from 0 (closed) to 1 (open) per row and unit, g from -1 to 1. The forget gate f averages 0.69 on the bundled model and is higher over blank rows (0.77) than over inked ones (0.66): units hold their memory until ink arrives. The new content g spreads over its whole range, 15% of its values saturated beyond ±0.9 where the ink makes a unit write hard; the input gate i (mean 0.39) lets part of it in.</source>
        <translation>i、f 和 o 在每行每个单元上从 0（关闭）到 1（打开），g 从 -1 到 1。内置模型的遗忘门 f 平均为 0.69，在空白行上（0.77）比在有墨迹的行上（0.66）更高：单元在墨迹到来之前保持记忆。新内容 g 分布在整个范围内，15% 的值饱和到 ±0.9 以外，那是墨迹让单元用力写入的地方；输入门 i（平均 0.39）让其中一部分进入。</translation>
    </message>
    <message>
        <source>Row influence</source>
        <translation>各行的影响</translation>
    </message>
    <message>
        <source>Each bar is how much the answer&apos;s probability would change for a small change to that row&apos;s pixels, not how much ink it holds. On 2,000 test digits the longest bar is on the inkiest row for only 1% of them and above the digit&apos;s ink for 44%, where added ink would change the answer most (row 10 in the median). For 74% of them it is at or before the row where the answer settles.</source>
        <translation>每根柱子表示该行像素的微小变化会使答案的概率改变多少，而不是这一行有多少墨迹。在 2,000 个测试数字上，最长的柱子只有 1% 落在墨迹最多的那一行，44% 落在数字墨迹的上方，在那里添加墨迹最能改变答案（所在行的中位数是第 10 行）。其中 74% 的数字，最长的柱子位于答案确定的那一行或之前。</translation>
    </message>
    <message>
        <source>Unit trace</source>
        <translation>单元轨迹</translation>
    </message>
    <message>
        <source>One unit&apos;s h, c and gates row by row: the unit under the mouse, or the heatmap cell clicked. On one example 7, unit 63&apos;s c climbs to 2.8 over rows 9-12, the top bar, while i and g are near 1, and drops to about 0 by row 14 once f falls to 0.42 and then 0.34: it marks the bar and lets it go. Unit 102&apos;s c falls to -2.7 by row 14 and stays between -4.1 and -2.7 to row 28 with f between 0.88 and 0.97: it holds what it saw.</source>
        <translation>一个单元的 h、c 和各个门逐行的变化：鼠标下的单元，或点击的热图格子所在的单元。在一个示例 7 上，单元 63 的 c 在第 9-12 行（顶部横线）升到 2.8，此时 i 和 g 接近 1；当 f 降到 0.42、再到 0.34 后，c 在第 14 行回到 0 左右：它标记了横线，然后又放下了它。单元 102 的 c 到第 14 行降到 -2.7，并在 f 介于 0.88 和 0.97 之间时一直保持在 -4.1 到 -2.7 之间直到第 28 行：它记住了它看到的东西。</translation>
    </message>
    <message>
        <source>Rows needed</source>
        <translation>所需行数</translation>
    </message>
    <message>
        <source>The share of the 10,000 test digits read right after only the first t rows. For the bundled model it stays below 20% up to row 14, climbs from row 16 (26%) through row 20 (70%) and reaches 99.0% at row 24 and 99.5% at row 28. The marked row is where it first reaches 99% of its final accuracy: row 24, so the last four rows add half a point.</source>
        <translation>只读前 t 行时 10,000 个测试数字被读对的比例。对内置模型，直到第 14 行都低于 20%，从第 16 行（26%）经第 20 行（70%）迅速上升，在第 24 行达到 99.0%，第 28 行达到 99.5%。标出的行是它首次达到最终准确率 99% 的地方：第 24 行，所以最后四行只增加了半个百分点。</translation>
    </message>
    <message>
        <source>Row experiments</source>
        <translation>行实验</translation>
    </message>
    <message>
        <source>Each card changes the rows the network reads and shows its new answer. Of 50 example 7s, 49 stay 7s with rows 20-28 erased, but erasing the top bar makes 30 of them a 1, and stopping after row 14 gives a 2 (34) or a 4 (13). Reversed rows read as 1 or 3 and shuffled rows mostly as 3: the network learned the order of the rows, not only what is in them.</source>
        <translation>每张卡片改变网络读到的行，并显示它的新答案。50 个示例 7 中，擦掉第 20-28 行后有 49 个仍是 7，但擦掉顶部横线后有 30 个变成 1，只读到第 14 行则得到 2（34 个）或 4（13 个）。倒序的行读成 1 或 3，打乱的行大多读成 3：网络学到的是行的顺序，而不只是行里的内容。</translation>
    </message>
    <message>
        <source>In all 128 units the classes part sooner than in this plane (the sentence beside the plot): 1s by row 10, 0 and 5 by row 13, 6 by row 14, 4 by row 17, 7 and 8 only by row 20. Two directions keep only about a third of the final states&apos; variance, so 1 and 4 overlap here, as do 0 and 2, although the network tells them apart. Fitted on all steps, the plane shows the reading&apos;s common loop instead.</source>
        <translation>在全部 128 个单元中，各类别比在这个平面上分开得更早（见图旁的句子）：1 在第 10 行，0 和 5 在第 13 行，6 在第 14 行，4 在第 17 行，7 和 8 直到第 20 行。两个方向只保留了最终状态约三分之一的方差，所以这里 1 和 4 重叠，0 和 2 也重叠，尽管网络能区分它们。用所有步拟合时，平面显示的是读取过程共同的回环。</translation>
    </message>
    <message>
        <source>The dots mark the guess after each row, untouched and under the intervention; the orange band marks the rows it acts on. Shutting i on rows 8-14 leaves 49% of the test digits right, on rows 22-28 89%, on rows 1-7 97%. Emptying c at row 14 leaves 81%, emptying h and c there 53%: h carries part of what was read.</source>
        <translation>圆点标出每读一行后的猜测，分别为未干预和干预之下；橙色带标出干预作用的行。在第 8-14 行关闭 i 后有 49% 的测试数字读对，在第 22-28 行为 89%，在第 1-7 行为 97%。在第 14 行清空 c 剩 81%，同时清空 h 和 c 剩 53%：h 带着一部分已读到的信息。</translation>
    </message>
    <message>
        <source>Memory gradient</source>
        <translation>记忆梯度</translation>
    </message>
    <message>
        <source>How much of the loss&apos;s gradient reaches the memory state (h; an LSTM&apos;s c) at each step, one line per cell and seed, after training and at initialisation. A line that falls by powers of ten toward the early steps is a vanishing gradient. In the shipped reference (128 steps) an LSTM whose forget gate started at bias 1 kept about 3e-12 of it across the blank steps and stayed at chance (11%); at bias 5 it kept it and reached 91%.</source>
        <translation>损失的梯度在每一步有多少到达记忆状态（h；LSTM 的 c），每个单元类型和种子一条线，分训练后和初始化时。一条朝前面的步骤按十的幂次下降的线就是梯度消失。在随附的参考结果中（128 步），遗忘门偏置从 1 开始的 LSTM 在空白步之间只保留了约 3e-12，准确率停留在随机水平（11%）；偏置为 5 时它保留了梯度，达到 91%。</translation>
    </message>
    <message>
        <source>Input gradient</source>
        <translation>输入梯度</translation>
    </message>
    <message>
        <source>The same gradient measured at each step&apos;s input instead of the memory: how much the answer depends on the digit&apos;s rows (1-28) against the blank steps after them. In the shipped reference an LSTM whose forget gate started at bias 1 had about 1e-16 on rows 1-28 (the GRU exactly 0) and answered at chance (11%); at bias 5 its rows got about 1e-3, some 25 times more than the blank steps, and it reached 91%. A cell whose gradient on the digit&apos;s rows has vanished cannot learn the digit.</source>
        <translation>同样的梯度，但在每一步的输入处而不是在记忆处测量：答案对数字的行（1-28）和其后的空白步的依赖程度。在随附的参考结果中，遗忘门偏置从 1 开始的 LSTM 在第 1-28 行上只有约 1e-16（GRU 恰好为 0），答案停留在随机水平（11%）；偏置为 5 时它的行得到约 1e-3，约为空白步的 25 倍，达到 91%。在数字的行上梯度已经消失的单元学不会这个数字。</translation>
    </message>
    <message>
        <source>Accuracy by length</source>
        <translation>各长度的准确率</translation>
    </message>
    <message>
        <source>Test accuracy against sequence length, per cell, with the range over seeds. In the shipped reference, cutting the image into 28, 112 and 784 steps gave the LSTM 87%, 60% and 30% on the same small budget; on the memory task every gated cell fell to chance (11%) at 100 steps. Where a line drops, that length is more than the budget can train.</source>
        <translation>测试准确率随序列长度的变化，每种单元一条线，并给出各种子之间的范围。在随附的参考结果中，把图像切成 28、112 和 784 步，在同样的小预算下 LSTM 分别得到 87%、60% 和 30%；在记忆任务中，所有带门的单元在 100 步时都降到随机水平（11%）。线下降的地方，说明这个长度超出了预算能训练的范围。</translation>
    </message>
    <message>
        <source>Cost of an update</source>
        <translation>一次更新的开销</translation>
    </message>
    <message>
        <source>Time per training update by sequence length and depth. In the shipped reference an LSTM update took 1.7 to 3.6 times a plain RNN&apos;s (for 4 times the multiply-adds), 784 steps took 42 times as long as 28, and 3 layers 3.2 times one. The steps run one after another, so time grows with their number.</source>
        <translation>每次训练更新所用的时间，按序列长度和层数。在随附的参考结果中，LSTM 的一次更新用时是普通 RNN 的 1.7 到 3.6 倍（乘加运算是 4 倍），784 步用时是 28 步的 42 倍，3 层是 1 层的 3.2 倍。各步依次运行，所以时间随步数增长。</translation>
    </message>
    <message>
        <source>State trajectories</source>
        <translation>状态轨迹</translation>
    </message>
    <message>
        <source>Each dot is one test digit&apos;s state after the row shown, coloured by its class. Over the blank top rows every digit is in the same state. Ink arrives from about row 4 and the cloud grows, but in the plane of the final states it stays one blob, every class&apos;s mean path looping round the centre together, until about row 16; in the last ten rows the classes shoot out to their own places. Draw a digit and follow its star.</source>
        <translation>每个点是一个测试数字在所示行之后的状态，按其类别着色。在空白的顶部几行，每个数字都处于同一状态。大约从第 4 行起出现笔迹，点云随之扩大，但在最终状态的平面上它始终是一团，各类的均值路径一起绕着中心打转，直到第 16 行左右；在最后十行里，各类别才冲向各自的位置。画一个数字，跟随它的星标。</translation>
    </message>
    <message>
        <source>Classes apart</source>
        <translation>类别分开</translation>
    </message>
    <message>
        <source>Unit atlas</source>
        <translation>单元图谱</translation>
    </message>
    <message>
        <source>Silencing any one of the bundled model&apos;s 128 units costs at most 3 test digits in 1,000; 65 of them cost one to three, 47 none, and 16 even win one back: what it knows is spread over many units. The true-class probability drop ranks them more finely (at most about 0.3 points). The gates are seldom pinned: on average the forget gate is saturated in 12% of states, the candidate g in 9%, the output gate in 8% and the input gate in 7%, and no gate of any unit in more than about 50%. A unit&apos;s top digits are often of one class (all 4s, all 8s), each marked at the row where it fires hardest; a yellow cell: your drawing drives that unit as hard.</source>
        <translation>静默内置模型 128 个单元中的任何一个，在 1,000 个测试数字中最多只多错 3 个；其中 65 个多错一到三个，47 个毫无影响，16 个甚至多答对一个：它的知识分散在许多单元中。真实类别概率的下降能更细地为它们排序（最多约 0.3 个百分点）。门很少被钉死：平均而言，遗忘门在 12% 的状态中饱和，候选值 g 为 9%，输出门为 8%，输入门为 7%，且没有任何单元的任何门超过约 50%。一个单元排名最前的数字常属同一类（全是 4、全是 8），每个都标出它激活最强的那一行；黄色单元格表示你画的数字对该单元的激活同样强。</translation>
    </message>
    <message>
        <source>Answer, untouched and intervened</source>
        <translation>答案：未干预与干预后</translation>
    </message>
    <message>
        <source>Left, the network&apos;s probabilities for the digit read untouched; right, read under the intervention set in the form. On the bundled model&apos;s 10,000 test digits (99.5% right untouched), f = 0 or i = 0 leaves it guessing at chance (9% and 11%), and never forgetting (f = 1) is nearly as bad (20%). No single unit matters much (at most 0.15 points lost, unit 97); silencing units 1-64 leaves 37%.</source>
        <translation>左边是网络未受干预时对该数字的概率；右边是在表单所设干预下读取的结果。在内置模型的 10,000 个测试数字上（未干预时 99.5% 正确），f = 0 或 i = 0 时只能瞎猜（9% 和 11%），从不遗忘（f = 1）几乎同样糟（20%）。没有哪个单独的单元很关键（最多损失 0.15 个百分点，单元 97）；静默单元 1-64 后只剩 37%。</translation>
    </message>
    <message>
        <source>Guess after each row, untouched and intervened</source>
        <translation>每读一行后的猜测：未干预与干预后</translation>
    </message>
    <message>
        <source>What to look for</source>
        <translation>观察要点</translation>
    </message>
    <message>
        <source>What to look for: {views}</source>
        <translation>观察要点：{views}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>lstm-gui — watch an LSTM learn to read digits</source>
        <translation>lstm-gui — 看 LSTM 学会读数字</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>教程的论断</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>网络内部</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Export curves as &amp;CSV…</source>
        <translation>导出曲线为 &amp;CSV…</translation>
    </message>
    <message>
        <source>Export the c&amp;urves as PNG or SVG…</source>
        <translation>将曲线导出为 PNG 或 SVG(&amp;U)…</translation>
    </message>
    <message>
        <source>E&amp;xport figure</source>
        <translation>导出图表(&amp;X)</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Save lesso&amp;n…</source>
        <translation>保存课程(&amp;N)…</translation>
    </message>
    <message>
        <source>Choose &amp;data folder…</source>
        <translation>选择数据文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause or resume</source>
        <translation>暂停或继续(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;One more epoch</source>
        <translation>再训练一轮(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset to tutorial settings</source>
        <translation>恢复教程设置(&amp;R)</translation>
    </message>
    <message>
        <source>Show the &amp;code…</source>
        <translation>查看代码(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Loss on a log scale</source>
        <translation>损失使用对数坐标(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Train tab</source>
        <translation>训练页(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Draw tab</source>
        <translation>手写页(&amp;D)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About lstm-gui</source>
        <translation>关于 lstm-gui(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Ready. Press Start to train the tutorial&apos;s LSTM.</source>
        <translation>准备就绪。点击“开始”训练教程中的 LSTM。</translation>
    </message>
    <message>
        <source>The draw pad now uses {0}.</source>
        <translation>画板现在使用 {0}。</translation>
    </message>
    <message>
        <source>Folder with the dataset&apos;s IDX files</source>
        <translation>存放数据集 IDX 文件的文件夹</translation>
    </message>
    <message>
        <source>Datasets will be read from {0}.</source>
        <translation>将从 {0} 读取数据集。</translation>
    </message>
    <message>
        <source>The language changes the next time you start lstm-gui.</source>
        <translation>下次启动 lstm-gui 时切换语言。</translation>
    </message>
    <message>
        <source>A model is training. Stop training and quit? What was trained so far is kept.</source>
        <translation>模型正在训练。要停止训练并退出吗？已训练的结果会保留。</translation>
    </message>
    <message>
        <source>Quit lstm-gui</source>
        <translation>退出 lstm-gui</translation>
    </message>
</context>
<context>
    <name>MetricsPlot</name>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>Gradient norm (L2)</source>
        <translation>梯度范数（L2）</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <source>training, per epoch</source>
        <translation>训练，每轮</translation>
    </message>
    <message>
        <source>validation, per epoch</source>
        <translation>验证，每轮</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>The curves appear here when training starts.</source>
        <translation>开始训练后，曲线会显示在这里。</translation>
    </message>
    <message>
        <source>Loss on a log scale</source>
        <translation>损失使用对数坐标</translation>
    </message>
    <message>
        <source>Gradient norm on a log scale</source>
        <translation>梯度范数使用对数坐标</translation>
    </message>
    <message>
        <source>Point at a curve to read its values.</source>
        <translation>把鼠标指向曲线即可读取数值。</translation>
    </message>
    <message>
        <source>{0} (validation)</source>
        <translation>{0}（验证）</translation>
    </message>
    <message>
        <source>gradient norm of the last batch of each record</source>
        <translation>每条记录最后一批的梯度范数</translation>
    </message>
    <message>
        <source>Epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>loss {0} (smoothed {1})</source>
        <translation>损失 {0}（平滑 {1}）</translation>
    </message>
    <message>
        <source>training accuracy {0}%</source>
        <translation>训练准确率 {0}%</translation>
    </message>
    <message>
        <source>gradient norm {0}</source>
        <translation>梯度范数 {0}</translation>
    </message>
    <message>
        <source>learning rate {0}</source>
        <translation>学习率 {0}</translation>
    </message>
    <message>
        <source>validation after epoch {0}: loss {1}, accuracy {2}%</source>
        <translation>第 {0} 轮后验证：损失 {1}，准确率 {2}%</translation>
    </message>
</context>
<context>
    <name>ModelFiles</name>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>lstm-gui checkpoints (*.safetensors)</source>
        <translation>lstm-gui 检查点 (*.safetensors)</translation>
    </message>
    <message>
        <source>Cannot open this model</source>
        <translation>无法打开这个模型</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <source>Opened {0}: validation accuracy {1:.2f}%.</source>
        <translation>已打开 {0}：验证准确率 {1:.2f}%。</translation>
    </message>
    <message>
        <source>Train a model or open one first.</source>
        <translation>请先训练或打开一个模型。</translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Cannot save {0}: {1}.</source>
        <translation>无法保存 {0}：{1}。</translation>
    </message>
    <message>
        <source>Saved the model as {0}.</source>
        <translation>模型已保存为 {0}。</translation>
    </message>
</context>
<context>
    <name>ModelInputPanel</name>
    <message>
        <source>What the network sees</source>
        <translation>网络看到的图像</translation>
    </message>
    <message>
        <source>28×28 pixels, centred
like MNIST (red +)</source>
        <translation>28×28 像素，按 MNIST 的方式
居中（红色 + 为墨迹重心）</translation>
    </message>
</context>
<context>
    <name>ModelInputPreview</name>
    <message>
        <source>What the network reads: your drawing cropped, scaled to 20x20 pixels and placed with its centre of mass (red cross) in the middle of 28x28, as in MNIST.</source>
        <translation>网络读到的图像：和 MNIST 一样，把你写的数字裁剪、缩放到 20×20 像素，再把墨迹重心（红色十字）放到 28×28 图像的中央。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>The model that reads your drawings</source>
        <translation>用来识别你所写数字的模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Bundled model (pretrained)</source>
        <translation>内置模型（已预训练）</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>row by row</source>
        <translation>逐行</translation>
    </message>
    <message>
        <source>pixel by pixel</source>
        <translation>逐像素</translation>
    </message>
    <message>
        <source>pixels in a shuffled order</source>
        <translation>按打乱的顺序逐像素</translation>
    </message>
    <message>
        <source>{cell}({units}) reading {view}</source>
        <translation>{cell}({units})，{view}读取</translation>
    </message>
    <message>
        <source>{name} · test accuracy unknown</source>
        <translation>{name} · 测试准确率未知</translation>
    </message>
    <message>
        <source>{name} · test accuracy {percent}%</source>
        <translation>{name} · 测试准确率 {percent}%</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>lstm-gui models (*.safetensors);;All files (*)</source>
        <translation>lstm-gui 模型 (*.safetensors);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ModelSummaryView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Model layers</source>
        <translation>模型的层</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Softmax (in the loss)</source>
        <translation>Softmax（在损失函数中）</translation>
    </message>
    <message>
        <source>Total parameters: {0}</source>
        <translation>参数总数：{0}</translation>
    </message>
    <message>
        <source>(Keras counts {0}: it keeps one bias per gate, PyTorch two.)</source>
        <translation>（Keras 计为 {0}：它每个门只有一个偏置，PyTorch 有两个。）</translation>
    </message>
    <message>
        <source>Multiply-adds of the recurrent layer: {0} per step, {1} per image of {2} steps.</source>
        <translation>循环层的乘加次数：每步 {0} 次，每张图（{2} 步）{1} 次。</translation>
    </message>
</context>
<context>
    <name>MyDigits</name>
    <message>
        <source>{percent}% ({right} of {total})</source>
        <translation>{percent}%（{total} 个中 {right} 个）</translation>
    </message>
</context>
<context>
    <name>MyDigitsList</name>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Your kept digits; select some and press Delete to remove them</source>
        <translation>你保存的数字；选中后按 Delete 键即可删除</translation>
    </message>
    <message>
        <source>A {digit}, kept {time}</source>
        <translation>数字 {digit}，保存于 {time}</translation>
    </message>
</context>
<context>
    <name>MyDigitsPanel</name>
    <message>
        <source>Keep the digit on the pad as a {digit}</source>
        <translation>将画板上的数字保存为 {digit}</translation>
    </message>
    <message>
        <source>Keep as {digit}</source>
        <translation>保存为 {digit}</translation>
    </message>
    <message>
        <source>Keep the digit on the pad as:</source>
        <translation>将画板上的数字保存为：</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>How the model reads them</source>
        <translation>模型如何读取它们</translation>
    </message>
    <message>
        <source>Rows: the digit you drew; columns: what it read.</source>
        <translation>行：你画的数字；列：模型读成的数字。</translation>
    </message>
    <message>
        <source>Export as IDX…</source>
        <translation>导出为 IDX…</translation>
    </message>
    <message>
        <source>Write them as MNIST-style files for lstm-gui train/evaluate --data-dir</source>
        <translation>将它们写成 MNIST 格式的文件，供 lstm-gui train/evaluate --data-dir 使用</translation>
    </message>
    <message>
        <source>The kept digits could not be read ({reason}).</source>
        <translation>无法读取保存的数字（{reason}）。</translation>
    </message>
    <message>
        <source>{first} Damaged files left out in all: {count}.</source>
        <translation>{first}共略过 {count} 个损坏的文件。</translation>
    </message>
    <message>
        <source>{count} kept</source>
        <translation>已保存 {count} 个</translation>
    </message>
    <message>
        <source>Draw a digit on the pad first, then keep it.</source>
        <translation>请先在画板上画一个数字，再保存它。</translation>
    </message>
    <message>
        <source>Cannot keep the digit</source>
        <translation>无法保存该数字</translation>
    </message>
    <message>
        <source>Kept as a {digit}.</source>
        <translation>已保存为 {digit}。</translation>
    </message>
    <message>
        <source>Cannot delete the digit</source>
        <translation>无法删除该数字</translation>
    </message>
    <message>
        <source>{folder} already holds IDX files ({files}). Replace them with your digits?</source>
        <translation>{folder} 中已有 IDX 文件（{files}）。要用你的数字替换它们吗？</translation>
    </message>
    <message>
        <source>Replace IDX files?</source>
        <translation>替换 IDX 文件？</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Wrote {count} digits to {folder} as both the training and the test files. Try: lstm-gui evaluate --checkpoint MODEL --data-dir {folder}</source>
        <translation>已将 {count} 个数字写入 {folder}，同时作为训练文件和测试文件。试试：lstm-gui evaluate --checkpoint MODEL --data-dir {folder}</translation>
    </message>
    <message>
        <source>MNIST test set: {percent}% (recorded in the model)</source>
        <translation>MNIST 测试集：{percent}%（模型中记录的）</translation>
    </message>
    <message>
        <source>MNIST test set: not recorded in the model (fine-tuning measures it)</source>
        <translation>MNIST 测试集：模型中没有记录（微调时会测量）</translation>
    </message>
    <message>
        <source>My digits: none kept yet</source>
        <translation>我的数字：尚未保存任何数字</translation>
    </message>
    <message>
        <source>My digits: {accuracy}</source>
        <translation>我的数字：{accuracy}</translation>
    </message>
    <message>
        <source>Choose a new, empty folder for the IDX files</source>
        <translation>为 IDX 文件选择一个新的空文件夹</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>The network reads</source>
        <translation>网络认为是</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Draw a digit to see what the network reads.</source>
        <translation>写一个数字，看看网络认成什么。</translation>
    </message>
    <message>
        <source>{percent}% sure</source>
        <translation>把握 {percent}%</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>恢复原始大小(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Experiment progress</source>
        <translation>实验进度</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Loading the data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>{0}% done</source>
        <translation>已完成 {0}%</translation>
    </message>
    <message>
        <source>{0}% done · about {1} left</source>
        <translation>已完成 {0}% · 约剩 {1}</translation>
    </message>
    <message>
        <source>Timing {0} at {1} steps, {2} layer(s): {3} of {4} timings</source>
        <translation>正在为 {0} 计时（{1} 步，{2} 层）：第 {3} 次，共 {4} 次</translation>
    </message>
    <message>
        <source>Run {0} of {1}: {2} at {3} steps, seed {4} of {5}</source>
        <translation>第 {0} 次训练，共 {1} 次：{2}，{3} 步，第 {4} 个随机种子，共 {5} 个</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>这一批结束后停止…</translation>
    </message>
    <message>
        <source>{0}% done in {1}</source>
        <translation>已完成 {0}%，用时 {1}</translation>
    </message>
</context>
<context>
    <name>ReferencePanel</name>
    <message>
        <source>These references trained for the stated number of updates, not to a plateau (two cores, minutes per run); the published figures below trained for many epochs.</source>
        <translation>这些参考结果只训练了所注明的更新次数，并未训练到收敛平台（两个 CPU 核心，每次训练几分钟）；下面的文献数字训练了许多轮次。</translation>
    </message>
    <message>
        <source>Reference results</source>
        <translation>参考结果</translation>
    </message>
    <message>
        <source>No reference result ships for this claim yet. Made with `lstm-gui claims {0} --budget reference`, it would appear here.</source>
        <translation>这个论断暂时还没有附带参考结果。用 `lstm-gui claims {0} --budget reference` 生成后，它会显示在这里。</translation>
    </message>
    <message>
        <source>its verdict…</source>
        <translation>它的结论…</translation>
    </message>
    <message>
        <source>reference: {0} repeats × {1} updates</source>
        <translation>参考：{0} 次重复 × {1} 次更新</translation>
    </message>
    <message>
        <source>reference: {0} seeds, {1} updates per run</source>
        <translation>参考：{0} 个随机种子，每次训练 {1} 次更新</translation>
    </message>
    <message>
        <source>wall time {0}</source>
        <translation>总用时 {0}</translation>
    </message>
    <message>
        <source>{0} units</source>
        <translation>{0} 个隐藏单元</translation>
    </message>
    <message>
        <source>forget-gate bias {0}</source>
        <translation>遗忘门偏置 {0}</translation>
    </message>
    <message>
        <source>Keras default</source>
        <translation>Keras 默认值</translation>
    </message>
    <message>
        <source>Keras-like initialisation</source>
        <translation>类 Keras 初始化</translation>
    </message>
    <message>
        <source>PyTorch initialisation</source>
        <translation>PyTorch 初始化</translation>
    </message>
    <message>
        <source>Published ({0}, {1} steps):</source>
        <translation>已发表的结果（{0}，{1} 步）：</translation>
    </message>
</context>
<context>
    <name>ResultsTable</name>
    <message>
        <source>Cell</source>
        <translation>单元类型</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>ms per update</source>
        <translation>每次更新毫秒数</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Median over the repeats (fastest–slowest).</source>
        <translation>各次重复的中位数（最快–最慢）。</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Memory gradient kept</source>
        <translation>记忆梯度保留</translation>
    </message>
    <message>
        <source>Test accuracy: mean over the seeds (lowest–highest seed).</source>
        <translation>测试准确率：各随机种子的平均值（最低–最高）。</translation>
    </message>
    <message>
        <source>The gradient reaching the memory state (an LSTM&apos;s cell c, else h) at the last image row ÷ at the last step, after training: median over the seeds (lowest–highest). Far below 1: it vanished across the blank steps.</source>
        <translation>训练后，传到最后一行图像处记忆状态（LSTM 是细胞 c，其他是 h）的梯度 ÷ 最后一步的梯度：各随机种子的中位数（最低–最高）。远小于 1：梯度在穿过空白步时消失了。</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>RowExperimentsView</name>
    <message>
        <source>Your digit</source>
        <translation>你的数字</translation>
    </message>
    <message>
        <source>All 28 rows, top to bottom, as drawn.</source>
        <translation>按原样从上到下读全部 28 行。</translation>
    </message>
    <message>
        <source>Erase rows</source>
        <translation>擦掉几行</translation>
    </message>
    <message>
        <source>Blank some rows. Which rows does the answer depend on?</source>
        <translation>把某些行清空。答案取决于哪几行？</translation>
    </message>
    <message>
        <source>first row to erase</source>
        <translation>要擦掉的第一行</translation>
    </message>
    <message>
        <source>last row to erase</source>
        <translation>要擦掉的最后一行</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Stop early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Read only the first rows, then answer. How many rows are enough?</source>
        <translation>只读前几行就回答。读多少行才够？</translation>
    </message>
    <message>
        <source>rows read before answering</source>
        <translation>回答前读的行数</translation>
    </message>
    <message>
        <source>stop after row</source>
        <translation>读到第几行停止</translation>
    </message>
    <message>
        <source>Reverse the rows</source>
        <translation>倒序读行</translation>
    </message>
    <message>
        <source>Read from the bottom row up. The network learned top-down reading.</source>
        <translation>从最下面一行往上读。网络学的是从上往下读。</translation>
    </message>
    <message>
        <source>Columns instead of rows</source>
        <translation>按列代替按行</translation>
    </message>
    <message>
        <source>Read the columns left to right (the image turned on its side).</source>
        <translation>从左到右按列读（相当于把图像侧过来）。</translation>
    </message>
    <message>
        <source>Shuffle the rows</source>
        <translation>打乱行的顺序</translation>
    </message>
    <message>
        <source>Read the rows in a random order. Does the order matter?</source>
        <translation>按随机顺序读各行。顺序重要吗？</translation>
    </message>
    <message>
        <source>Shuffle again</source>
        <translation>重新打乱</translation>
    </message>
    <message>
        <source>Row experiments</source>
        <translation>行实验</translation>
    </message>
    <message>
        <source>Draw a digit first.</source>
        <translation>请先写一个数字。</translation>
    </message>
    <message>
        <source>reads &lt;b&gt;{digit}&lt;/b&gt; ({percent}% sure)</source>
        <translation>认为是 &lt;b&gt;{digit}&lt;/b&gt;（把握 {percent}%）</translation>
    </message>
    <message>
        <source>same answer</source>
        <translation>答案不变</translation>
    </message>
    <message>
        <source>changed!</source>
        <translation>答案变了！</translation>
    </message>
    <message>
        <source>reads &lt;b&gt;{digit}&lt;/b&gt; ({percent}% sure): &lt;b style=&apos;color:{colour}&apos;&gt;{verdict}&lt;/b&gt;</source>
        <translation>认为是 &lt;b&gt;{digit}&lt;/b&gt;（把握 {percent}%）：&lt;b style=&apos;color:{colour}&apos;&gt;{verdict}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>RowScanView</name>
    <message>
        <source>Play: read the digit row by row (Space)</source>
        <translation>播放：逐行阅读这个数字（空格键）</translation>
    </message>
    <message>
        <source>One row back</source>
        <translation>后退一行</translation>
    </message>
    <message>
        <source>One row forward</source>
        <translation>前进一行</translation>
    </message>
    <message>
        <source>Drag to choose how many rows the network has read</source>
        <translation>拖动以选择网络已经读了多少行</translation>
    </message>
    <message>
        <source>Draw a digit to watch the network read it row by row.</source>
        <translation>写一个数字，看网络如何逐行阅读它。</translation>
    </message>
    <message>
        <source>h: hidden state</source>
        <translation>h：隐藏状态</translation>
    </message>
    <message>
        <source>c: cell state (memory)</source>
        <translation>c：细胞状态（记忆）</translation>
    </message>
    <message>
        <source>Each heatmap row is one image row; each column of a state is one of the {units} units. h is what the network passes on to the next row and, after row 28, to the answer. The dashed line marks the row where the network decided. The bars show how much each row moved the answer: the size of the gradient of its probability with respect to that row&apos;s pixels.</source>
        <translation>热力图的每一行对应图像的一行；状态图的每一列是 {units} 个单元之一。h 是网络传给下一行的信息，读完第 28 行后用来给出答案。虚线标出网络做出决定的那一行。条形表示每一行对答案的影响：答案概率对该行像素的梯度大小。</translation>
    </message>
    <message>
        <source>c is the LSTM&apos;s memory and g the new content it may add (−1 to 1); the gates decide, unit by unit, how much of g to write (i), how much memory to keep (f) and how much of it to show as h (o): 0 closed, 1 open.</source>
        <translation>c 是 LSTM 的记忆，g 是它可能加入的新内容（−1 到 1）；各个门逐个单元决定写入多少 g（i）、保留多少记忆（f）以及把多少记忆作为 h 输出（o）：0 为关闭，1 为打开。</translation>
    </message>
    <message>
        <source>input gate (write)</source>
        <translation>输入门（写入）</translation>
    </message>
    <message>
        <source>forget gate (keep)</source>
        <translation>遗忘门（保留）</translation>
    </message>
    <message>
        <source>output gate (show)</source>
        <translation>输出门（输出）</translation>
    </message>
    <message>
        <source>reset gate (use the past)</source>
        <translation>重置门（利用过去）</translation>
    </message>
    <message>
        <source>update gate (keep)</source>
        <translation>更新门（保留）</translation>
    </message>
    <message>
        <source>candidate (new content)</source>
        <translation>候选值（新内容）</translation>
    </message>
    <message>
        <source>Row influence</source>
        <translation>各行的影响</translation>
    </message>
    <message>
        <source>Row scan</source>
        <translation>逐行扫描</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>已读行数</translation>
    </message>
    <message>
        <source>How many rows of the digit the network has read; arrow keys move it</source>
        <translation>网络已读了这个数字的多少行；方向键可移动</translation>
    </message>
    <message>
        <source>input: 28 rows</source>
        <translation>输入：28 行</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>guess after each row</source>
        <translation>每读一行后的猜测</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>influence</source>
        <translation>影响</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>The gates run from 0 (closed) to 1 (open).</source>
        <translation>门的取值从 0（关闭）到 1（打开）。</translation>
    </message>
    <message>
        <source>row {row} of {rows}</source>
        <translation>第 {row} 行，共 {rows} 行</translation>
    </message>
    <message>
        <source>After reading rows 1–{row} the network guesses &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt; ({percent}% sure).</source>
        <translation>读完第 1–{row} 行后，网络猜是 &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt;（把握 {percent}%）。</translation>
    </message>
    <message>
        <source>Its final answer &lt;b&gt;{final}&lt;/b&gt; was reached at row &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; and kept to the end.</source>
        <translation>最终答案 &lt;b&gt;{final}&lt;/b&gt; 在第 &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; 行确定，并一直保持到最后。</translation>
    </message>
    <message>
        <source>step {step} of {steps}</source>
        <translation>第 {step} 步，共 {steps} 步</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>max {0}</source>
        <translation>最大 {0}</translation>
    </message>
    <message>
        <source>input: 28 rows + {blank} blank</source>
        <translation>输入：28 行 + {blank} 个空白步</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <source>Below the grey line come the {blank} blank steps of the memory task: the network reads zeros there and must keep the digit in memory, for its answer is read after the last one.</source>
        <translation>灰线以下是记忆任务的 {blank} 个空白步：网络在这里读到的全是零，必须把数字记在记忆里，因为答案要在最后一个空白步之后才读取。</translation>
    </message>
    <message>
        <source>After all 28 rows and {blank} blank steps the network guesses &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt; ({percent}% sure).</source>
        <translation>读完全部 28 行和 {blank} 个空白步后，网络猜是 &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt;（把握 {percent}%）。</translation>
    </message>
    <message>
        <source>Its final answer &lt;b&gt;{final}&lt;/b&gt; was reached at blank step &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; and kept to the end.</source>
        <translation>最终答案 &lt;b&gt;{final}&lt;/b&gt; 在第 &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; 个空白步确定，并一直保持到最后。</translation>
    </message>
    <message>
        <source>blank step {step} of {steps}</source>
        <translation>第 {step} 个空白步，共 {steps} 个</translation>
    </message>
</context>
<context>
    <name>RowsNeededCurve</name>
    <message>
        <source>Test accuracy after reading the first rows</source>
        <translation>只读前几行时的测试准确率</translation>
    </message>
    <message>
        <source>rows read (from the top)</source>
        <translation>已读的行数（从上往下）</translation>
    </message>
    <message>
        <source>test accuracy (%)</source>
        <translation>测试准确率 (%)</translation>
    </message>
    <message>
        <source>Choose the MNIST folder…</source>
        <translation>选择 MNIST 文件夹…</translation>
    </message>
    <message>
        <source>The curve is computed when a model is loaded.</source>
        <translation>加载模型后会计算这条曲线。</translation>
    </message>
    <message>
        <source>Rows needed</source>
        <translation>所需行数</translation>
    </message>
    <message>
        <source>The curve will be computed when you open this tab.</source>
        <translation>打开这个标签页时会计算这条曲线。</translation>
    </message>
    <message>
        <source>your digit: row {row}</source>
        <translation>你的数字：第 {row} 行</translation>
    </message>
    <message>
        <source>Reading the test digits with this model…</source>
        <translation>正在用这个模型读取测试集数字…</translation>
    </message>
    <message>
        <source>Read {done} of {total} test digits…</source>
        <translation>已读取 {done} / {total} 个测试数字…</translation>
    </message>
    <message>
        <source>{rows} rows give 99% of it</source>
        <translation>读 {rows} 行即可达到其 99%</translation>
    </message>
    <message>
        <source>On {total} test digits this model is {final}% right after all 28 rows, and already {partial}% right after {rows} rows. Its first rows are mostly blank margin, so early guesses are near chance (10%).</source>
        <translation>在 {total} 个测试数字上，这个模型读完全部 28 行后的准确率是 {final}%，只读 {rows} 行时就已达到 {partial}%。开头几行大多是空白边距，所以早期的猜测接近随机（10%）。</translation>
    </message>
    <message>
        <source>The curve needs the MNIST test set. {message}</source>
        <translation>这条曲线需要 MNIST 测试集。{message}</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Tick runs to draw their validation curves over the current run: compare LSTM, GRU and plain RNN, or rows and pixels.</source>
        <translation>勾选训练记录，把它们的验证曲线叠加到当前训练上：比较 LSTM、GRU 和普通 RNN，或按行与按像素读取。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Saved runs; tick a run to draw its curves beside the current one</source>
        <translation>已保存的训练；勾选一次训练，把它的曲线和当前的画在一起</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Val. acc.</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Use in draw pad</source>
        <translation>在画板中使用</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Train this run further: up to its planned epochs, or one more epoch.</source>
        <translation>继续训练这条记录：训练到计划的轮次，或者再训练一轮。</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Export curves (CSV)…</source>
        <translation>导出曲线（CSV）…</translation>
    </message>
    <message>
        <source>The current run and the ticked runs.</source>
        <translation>当前训练和已勾选的训练记录。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No runs yet. Every run you train is kept here, with its checkpoints.</source>
        <translation>还没有训练记录。你的每次训练都会连同检查点保存在这里。</translation>
    </message>
    <message>
        <source>training now</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
</context>
<context>
    <name>SaveLessonDialog</name>
    <message>
        <source>Save lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>The lesson keeps the Train settings, the tab and view shown, the drawing on the pad and the Claims experiment shown. Notes for your learners:</source>
        <translation>课程会保存训练设置、当前显示的标签页和视图、画板上的图画以及论断标签页中显示的实验。给学习者的笔记：</translation>
    </message>
    <message>
        <source>What to try, what to look for…</source>
        <translation>要尝试什么、要观察什么…</translation>
    </message>
    <message>
        <source>B</source>
        <translation>粗</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>粗体</translation>
    </message>
    <message>
        <source>I</source>
        <translation>斜</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>斜体</translation>
    </message>
    <message>
        <source>• List</source>
        <translation>• 列表</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>项目符号列表</translation>
    </message>
    <message>
        <source>Include the trained model ({0})</source>
        <translation>包含训练好的模型（{0}）</translation>
    </message>
    <message>
        <source>Include the trained model (none is in use)</source>
        <translation>包含训练好的模型（当前未使用任何模型）</translation>
    </message>
    <message>
        <source>The notes are too long: at most {0} characters.</source>
        <translation>笔记太长：最多 {0} 个字符。</translation>
    </message>
    <message>
        <source>The notes are too long with their formatting; shorten them or use fewer lines.</source>
        <translation>笔记连同格式太长；请缩短或减少行数。</translation>
    </message>
</context>
<context>
    <name>SavedExperiments</name>
    <message>
        <source>Saved experiments</source>
        <translation>已保存的实验</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>{0} repeats</source>
        <translation>{0} 次重复</translation>
    </message>
    <message>
        <source>{0} seeds</source>
        <translation>{0} 个随机种子</translation>
    </message>
</context>
<context>
    <name>ScanAnimationSaver</name>
    <message>
        <source>Save the reading as an animation</source>
        <translation>把读取过程保存为动画</translation>
    </message>
    <message>
        <source>GIF animation (*.gif);;PNG, every frame on one sheet (*.png)</source>
        <translation>GIF 动画 (*.gif);;PNG，所有帧拼在一张图上 (*.png)</translation>
    </message>
    <message>
        <source>Cannot save the animation</source>
        <translation>无法保存动画</translation>
    </message>
</context>
<context>
    <name>SourceLine</name>
    <message>
        <source>An example {digit} drawn by the app.</source>
        <translation>程序写的示例数字 {digit}。</translation>
    </message>
    <message>
        <source>A digit labelled {label}.</source>
        <translation>标签为 {label} 的数字。</translation>
    </message>
    <message>
        <source>MNIST test digit no. {index}, labelled {label}.</source>
        <translation>MNIST 测试集第 {index} 个数字，标签为 {label}。</translation>
    </message>
    <message>
        <source>Reading the test digits…</source>
        <translation>正在读取测试数字…</translation>
    </message>
    <message>
        <source>Opened {file}.</source>
        <translation>已打开 {file}。</translation>
    </message>
    <message>
        <source>Pasted image.</source>
        <translation>已粘贴图片。</translation>
    </message>
</context>
<context>
    <name>StateHeatmaps</name>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>gate: 0 closed, 1 open</source>
        <translation>门：0 关闭，1 打开</translation>
    </message>
    <message>
        <source>{symbols} value</source>
        <translation>{symbols} 值</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>Fashion-MNIST clothes</source>
        <translation>Fashion-MNIST 服饰</translation>
    </message>
    <message>
        <source>Kuzushiji-MNIST (KMNIST)</source>
        <translation>古日文草书 Kuzushiji-MNIST（KMNIST）</translation>
    </message>
    <message>
        <source>Rows: 28 steps × 28 pixels</source>
        <translation>按行：28 步 × 28 像素</translation>
    </message>
    <message>
        <source>Pixels: 784 steps × 1 pixel</source>
        <translation>按像素：784 步 × 1 像素</translation>
    </message>
    <message>
        <source>Shuffled pixels: 784 steps</source>
        <translation>打乱的像素：784 步</translation>
    </message>
    <message>
        <source>How an image becomes a sequence. The tutorial reads one row of 28 pixels per step; reading single pixels makes the sequence 28 times longer.</source>
        <translation>图像如何变成序列。教程每一步读入一行 28 个像素；逐个像素读取会让序列变长 28 倍。</translation>
    </message>
    <message>
        <source>How many steps the 784 pixels are cut into, read in order: 28 steps read a row each (the tutorial), 56 half a row, 784 one pixel.</source>
        <translation>把 784 个像素按顺序切成多少步来读：28 步每步读一行（教程的做法），56 步每步读半行，784 步每步读一个像素。</translation>
    </message>
    <message>
        <source>fp32 (exact)</source>
        <translation>fp32（精确）</translation>
    </message>
    <message>
        <source>bf16 (faster where the CPU has it)</source>
        <translation>bf16（CPU 支持时更快）</translation>
    </message>
    <message>
        <source>bf16 computes the forward pass in 16-bit floats on CPUs and GPUs that have them; elsewhere the run uses fp32 and says so.</source>
        <translation>在支持的 CPU 和 GPU 上，bf16 用 16 位浮点数计算前向传播；不支持时改用 fp32，并会说明。</translation>
    </message>
    <message>
        <source>Plain RNN</source>
        <translation>普通 RNN</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>halved every quarter of the epochs</source>
        <translation>每过四分之一的轮次减半</translation>
    </message>
    <message>
        <source>cosine decay to zero</source>
        <translation>余弦衰减到零</translation>
    </message>
    <message>
        <source>Can be changed while training; used from the next batch.</source>
        <translation>训练中也可以修改，从下一批开始生效。</translation>
    </message>
    <message>
        <source>Automatic (GPU if any)</source>
        <translation>自动（有 GPU 就用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Train on the first N digits only, for a quick run.</source>
        <translation>只用前 N 个数字训练，快速试一试。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Read images as</source>
        <translation>图像读法</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元类型</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Training digits</source>
        <translation>训练数字</translation>
    </message>
    <message>
        <source>Test digits</source>
        <translation>测试数字</translation>
    </message>
    <message>
        <source>Reset to tutorial settings</source>
        <translation>恢复教程设置</translation>
    </message>
    <message>
        <source>LSTM(128) → Dense(10), Adam, learning rate 0.001, batch 28, 20 epochs</source>
        <translation>LSTM(128) → Dense(10)，Adam，学习率 0.001，批大小 28，20 轮</translation>
    </message>
    <message>
        <source>Fast preset</source>
        <translation>快速预设</translation>
    </message>
    <message>
        <source>The quickest recipe found to the tutorial&apos;s 98.98%: batch 128, learning rate 0.003 with a cosine decay, 12 epochs, bf16 where the CPU has it</source>
        <translation>达到教程 98.98% 准确率的最快方案：批大小 128，学习率 0.003 并按余弦衰减，12 轮，CPU 支持时使用 bf16</translation>
    </message>
    <message>
        <source>{0} steps × {1} pixels (tutorial)</source>
        <translation>{0} 步 × {1} 像素（教程）</translation>
    </message>
    <message>
        <source>{0} steps × {1} pixel</source>
        <translation>{0} 步 × {1} 像素</translation>
    </message>
    <message>
        <source>{0} steps × {1} pixels</source>
        <translation>{0} 步 × {1} 像素</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>+1 epoch</source>
        <translation>+1 轮</translation>
    </message>
    <message>
        <source>Train the last run for one more epoch (during a run: one more at its end).</source>
        <translation>把上一次训练再训练一轮（训练进行中：在结束后再加一轮）。</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation>整个训练</translation>
    </message>
    <message>
        <source>Dropout acts between layers: use 2 or more.</source>
        <translation>Dropout 作用于层与层之间：需要 2 层或以上。</translation>
    </message>
    <message>
        <source>784 steps per image: an epoch takes about 28 times longer, and plain RNNs barely learn — the tutorial&apos;s point about long sequences.</source>
        <translation>每张图像 784 步：一轮大约要多花 28 倍时间，普通 RNN 几乎学不会——这正是教程里讲的长序列难题。</translation>
    </message>
    <message>
        <source>{0} steps per image: an epoch takes roughly {1} times longer than with 28, and gradients must travel back further.</source>
        <translation>每张图 {0} 步：一个轮次大约比 28 步慢 {1} 倍，梯度也要回传得更远。</translation>
    </message>
    <message>
        <source>A plain RNN: watch the gradient norm, it tends to vanish or explode.</source>
        <translation>普通 RNN：注意看梯度范数，它容易消失或爆炸。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>%p% · {0} left</source>
        <translation>%p% · 还剩 {0}</translation>
    </message>
    <message>
        <source>Epoch {0} of {1} · batch {2} of {3}</source>
        <translation>第 {0}/{1} 轮 · 第 {2}/{3} 批</translation>
    </message>
    <message>
        <source>Loss {0:.4f} · accuracy {1:.2f}% (this epoch so far)</source>
        <translation>损失 {0:.4f} · 准确率 {1:.2f}%（本轮至今）</translation>
    </message>
    <message>
        <source>Epoch {0}: validation accuracy {1:.2f}%</source>
        <translation>第 {0} 轮：验证准确率 {1:.2f}%</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The memory task: this many all-zero steps follow the image, and the answer is read after the last one, so the network must remember the digit that long. A plain RNN soon forgets; an LSTM with a high forget-gate bias remembers.</source>
        <translation>记忆任务：图像之后跟着这么多个全零的步，答案在最后一步之后读取，所以网络必须把数字记住这么久。普通 RNN 很快就会忘记；遗忘门偏置高的 LSTM 能记住。</translation>
    </message>
    <message>
        <source>Keras default</source>
        <translation>Keras 默认值</translation>
    </message>
    <message>
        <source>Keras&apos;s starting bias: 1 for the LSTM&apos;s forget gate, 0 for the GRU&apos;s update gate.</source>
        <translation>Keras 的初始偏置：LSTM 的遗忘门为 1，GRU 的更新门为 0。</translation>
    </message>
    <message>
        <source>Where the memory gate starts: the LSTM&apos;s forget gate, the GRU&apos;s update gate (a plain RNN has none). About sigmoid(bias) of the memory is kept each step, so a bias of 5 keeps half of it across 100 blank steps, a bias of 1 almost none.</source>
        <translation>记忆门的起点：LSTM 的遗忘门、GRU 的更新门（普通 RNN 没有这种门）。每一步大约保留 sigmoid(偏置) 的记忆，所以偏置为 5 时经过 100 个空白步还能保留一半，偏置为 1 时几乎什么都不剩。</translation>
    </message>
    <message>
        <source>Blank steps</source>
        <translation>空白步数</translation>
    </message>
    <message>
        <source>Forget-gate bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <source>Update-gate bias</source>
        <translation>更新门偏置</translation>
    </message>
    <message>
        <source>The memory task: {0} blank steps after the image, {1} steps in all; the network must carry the digit across them. An epoch takes about {2} times longer than with 28 steps.</source>
        <translation>记忆任务：图像之后有 {0} 个空白步，共 {1} 步；网络必须把数字带过这些空白步。一个轮次大约比 28 步慢 {2} 倍。</translation>
    </message>
</context>
<context>
    <name>TrainingTab</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Gradient through time</source>
        <translation>随时间的梯度</translation>
    </message>
    <message>
        <source>An experiment is running in the Claims tab; train when it has ended (or stop it), so that the two do not share the processor.</source>
        <translation>“论断”页正在运行实验；请等它结束（或停止它）后再训练，以免两者共用处理器。</translation>
    </message>
    <message>
        <source>Paused. Press Resume to go on.</source>
        <translation>已暂停。点击“继续”接着训练。</translation>
    </message>
    <message>
        <source>Training resumed.</source>
        <translation>训练已继续。</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>这一批结束后停止…</translation>
    </message>
    <message>
        <source>Learning rate {0} from the next batch on.</source>
        <translation>从下一批开始，学习率为 {0}。</translation>
    </message>
    <message>
        <source>{0} more epoch(s) will follow when this run ends.</source>
        <translation>本次训练结束后，将再训练 {0} 轮。</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>{0}

The trained weights are still in memory. Save the model as…?</source>
        <translation>{0}

训练好的权重仍在内存中。将模型另存为…？</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Model saved to {0}.</source>
        <translation>模型已保存到 {0}。</translation>
    </message>
    <message>
        <source>The dataset was not found.</source>
        <translation>找不到数据集。</translation>
    </message>
    <message>
        <source>{0}

Choose the folder that holds the dataset&apos;s files?</source>
        <translation>{0}

要选择存放数据集文件的文件夹吗？</translation>
    </message>
    <message>
        <source>Dataset not found</source>
        <translation>找不到数据集</translation>
    </message>
    <message>
        <source>Folder with the dataset&apos;s IDX files</source>
        <translation>存放数据集 IDX 文件的文件夹</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Training stopped because of an unexpected error: {0}</source>
        <translation>训练因意外错误而停止：{0}</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <source>Training ran out of memory; what was trained so far is saved. Use a smaller batch size, fewer hidden units or fewer layers.</source>
        <translation>训练时内存不足；已训练的部分已保存。请使用更小的批大小、更少的隐藏单元或更少的层。</translation>
    </message>
</context>
<context>
    <name>TrajectoryPlot</name>
    <message>
        <source>principal component 1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <source>principal component 2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <source>your digit</source>
        <translation>你的数字</translation>
    </message>
</context>
<context>
    <name>TrajectoryView</name>
    <message>
        <source>State trajectories</source>
        <translation>状态轨迹</translation>
    </message>
    <message>
        <source>Row shown</source>
        <translation>显示的行</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Walk the cloud through the rows, from the first</source>
        <translation>从第一行起逐行播放点云</translation>
    </message>
    <message>
        <source>Fit the plane on the final states</source>
        <translation>用最终状态拟合平面</translation>
    </message>
    <message>
        <source>Fit the plane on all steps</source>
        <translation>用所有步拟合平面</translation>
    </message>
    <message>
        <source>States the plane is fitted on</source>
        <translation>用于拟合平面的状态</translation>
    </message>
    <message>
        <source>The states appear once the test digits are read.</source>
        <translation>读取测试数字后将显示状态。</translation>
    </message>
    <message>
        <source>blank step {0}</source>
        <translation>空白步 {0}</translation>
    </message>
    <message>
        <source>row {0} of {1}</source>
        <translation>第 {0} 行（共 {1} 行）</translation>
    </message>
    <message>
        <source>the final states of {0} test digits</source>
        <translation>{0} 个测试数字的最终状态</translation>
    </message>
    <message>
        <source>the states after every row of {0} test digits</source>
        <translation>{0} 个测试数字每一行之后的状态</translation>
    </message>
    <message>
        <source>Plane fitted on {where}: component 1 keeps {pc1:.1f}% of their variance, component 2 {pc2:.1f}%, {both:.1f}% together.</source>
        <translation>平面拟合自{where}：主成分 1 保留其方差的 {pc1:.1f}%，主成分 2 保留 {pc2:.1f}%，合计 {both:.1f}%。</translation>
    </message>
    <message>
        <source>Of the {total} blank steps, {kept} evenly spaced ones are kept, the last among them.</source>
        <translation>在 {total} 个空白步中，保留了均匀分布的 {kept} 个，最后一个也在其中。</translation>
    </message>
    <message>
        <source>After {row}, {share:.0f}% of the states&apos; spread (all {units} units, not only this plane) lies between the class means. Classes apart (90% of their digits nearest their own mean): {apart}.</source>
        <translation>在{row}之后，状态离散度的 {share:.0f}%（全部 {units} 个单元，而不只是这个平面）位于各类均值之间。已分开的类别（90% 的数字离自己类别的均值最近）：{apart}。</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>UnitAtlasView</name>
    <message>
        <source>Compute the atlas</source>
        <translation>计算单元图谱</translation>
    </message>
    <message>
        <source>Silence each unit in turn and read the test digits again (tens of seconds)</source>
        <translation>依次让每个单元静默并重新读取测试数字（需数十秒）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Unit atlas</source>
        <translation>单元图谱</translation>
    </message>
    <message>
        <source>Silencing each unit in turn on {0} test digits…</source>
        <translation>正在 {0} 个测试数字上依次静默每个单元…</translation>
    </message>
    <message>
        <source>Stopped; press Compute to start again.</source>
        <translation>已停止；按“计算”重新开始。</translation>
    </message>
    <message>
        <source>The atlas can be computed once the test digits are read.</source>
        <translation>读取测试数字后即可计算单元图谱。</translation>
    </message>
    <message>
        <source>Press Compute to silence each unit in turn.</source>
        <translation>按“计算”依次让每个单元静默。</translation>
    </message>
    <message>
        <source>Silenced {done} of {total} units…</source>
        <translation>已静默 {done}/{total} 个单元…</translation>
    </message>
    <message>
        <source>{units} units silenced one at a time on {samples} test digits in {seconds:.0f} s. With every unit {accuracy:.1f}% right; the costliest unit takes {worst:.1f} points off.</source>
        <translation>在 {samples} 个测试数字上逐个静默了 {units} 个单元，用时 {seconds:.0f} 秒。全部单元时正确率为 {accuracy:.1f}%；代价最大的单元使其下降 {worst:.1f} 个百分点。</translation>
    </message>
</context>
<context>
    <name>UnitTrace</name>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>unit {unit} (hover a unit): {symbols}</source>
        <translation>单元 {unit}（鼠标悬停选择单元）：{symbols}</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <source>✔ Supports the claim</source>
        <translation>✔ 支持该论断</translation>
    </message>
    <message>
        <source>✘ Contradicts the claim</source>
        <translation>✘ 与论断相反</translation>
    </message>
    <message>
        <source>? Inconclusive</source>
        <translation>？无定论</translation>
    </message>
    <message>
        <source>Verdict:</source>
        <translation>结论：</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source> Details were written to {0}.</source>
        <translation>详细信息已写入 {0}。</translation>
    </message>
    <message>
        <source>Something went wrong: {0}. lstm-gui keeps running; what was trained is saved.</source>
        <translation>出错了：{0}。lstm-gui 仍在运行；已训练的结果已保存。</translation>
    </message>
</context>
</TS>
