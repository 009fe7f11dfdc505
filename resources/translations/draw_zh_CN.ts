<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DrawPad</name>
    <message>
        <location filename="../../lstm_gui/gui/draw_pad.py" line="86"/>
        <source>Draw one digit, 0 to 9, large and in the middle.</source>
        <translation>写一个数字（0 到 9），写大一点，写在中间。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_pad.py" line="315"/>
        <source>Draw a digit here
with the mouse, a pen or a finger</source>
        <translation>在这里写一个数字
可以用鼠标、手写笔或手指</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="114"/>
        <source>✎ Pen</source>
        <translation>✎ 画笔</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="114"/>
        <source>Draw (P)</source>
        <translation>书写 (P)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="115"/>
        <source>⌫ Eraser</source>
        <translation>⌫ 橡皮擦</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="115"/>
        <source>Erase (E)</source>
        <translation>擦除 (E)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="124"/>
        <source>Pen width</source>
        <translation>笔画粗细</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="125"/>
        <source>↶ Undo</source>
        <translation>↶ 撤销</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="125"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="126"/>
        <source>↷ Redo</source>
        <translation>↷ 重做</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="126"/>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="127"/>
        <source>✕ Clear</source>
        <translation>✕ 清空</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="127"/>
        <source>Clear the pad (Del)</source>
        <translation>清空画板 (Del)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="129"/>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="129"/>
        <source>Open a photo or scan of a digit (PNG, JPEG, …)</source>
        <translation>打开一张数字的照片或扫描图（PNG、JPEG 等）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="132"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="132"/>
        <source>Paste an image from the clipboard (Ctrl+V)</source>
        <translation>从剪贴板粘贴图片 (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="135"/>
        <source>Test digit</source>
        <translation>测试集数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="135"/>
        <source>A random digit from the MNIST test set</source>
        <translation>从 MNIST 测试集中随机取一个数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="138"/>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="138"/>
        <source>Let the app draw an example digit</source>
        <translation>让程序写一个示例数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="145"/>
        <source>width</source>
        <translation>粗细</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="157"/>
        <source>Or drop an image file here.</source>
        <translation>也可以把图片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="174"/>
        <source>What the network sees</source>
        <translation>网络看到的图像</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="178"/>
        <source>28×28 pixels, centred
like MNIST (red +)</source>
        <translation>28×28 像素，按 MNIST 的方式
居中（红色 + 为墨迹重心）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="196"/>
        <source>Row by row</source>
        <translation>逐行阅读</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="197"/>
        <source>Row experiments</source>
        <translation>行实验</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="198"/>
        <source>How many rows are needed?</source>
        <translation>需要读多少行？</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="267"/>
        <source>{file} cannot be used: {reason} The current model stays.</source>
        <translation>无法使用 {file}：{reason} 将继续使用当前模型。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="270"/>
        <source>Cannot use this model</source>
        <translation>无法使用这个模型</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="291"/>
        <source>A digit labelled {label}.</source>
        <translation>标签为 {label} 的数字。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="301"/>
        <source>Cannot open this file</source>
        <translation>无法打开这个文件</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="304"/>
        <source>Opened {file}.</source>
        <translation>已打开 {file}。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="309"/>
        <source>the clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="321"/>
        <source>MNIST test digit no. {index}, labelled {label}.</source>
        <translation>MNIST 测试集第 {index} 个数字，标签为 {label}。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="332"/>
        <source>An example {digit} drawn by the app.</source>
        <translation>程序写的示例数字 {digit}。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="356"/>
        <source>The bundled model could not be loaded ({reason}). Choose a model.</source>
        <translation>无法加载内置模型（{reason}）。请选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="361"/>
        <source>Bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="371"/>
        <source>row by row</source>
        <translation>逐行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="372"/>
        <source>pixel by pixel</source>
        <translation>逐像素</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="373"/>
        <source>pixels in a shuffled order</source>
        <translation>按打乱的顺序逐像素</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="376"/>
        <source>{cell}({units}) reading {view}</source>
        <translation>{cell}({units})，{view}读取</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="438"/>
        <source>Test digits not found</source>
        <translation>找不到测试数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="439"/>
        <source>{message}

Choose the folder that holds them now?</source>
        <translation>{message}

现在选择存放它们的文件夹吗？</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="450"/>
        <source>Cannot read the test digits</source>
        <translation>无法读取测试数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="465"/>
        <source>No image</source>
        <translation>没有图片</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="466"/>
        <source>There is no image in {where}; copy an image or an image file first.</source>
        <translation>{where}中没有图片；请先复制一张图片或一个图片文件。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="484"/>
        <source>Cannot read this image</source>
        <translation>无法读取这张图片</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="487"/>
        <source>Pasted image.</source>
        <translation>已粘贴图片。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="507"/>
        <source>what was dropped</source>
        <translation>拖入的内容</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="545"/>
        <source>Open an image of a digit</source>
        <translation>打开一张数字图片</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="546"/>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_tab.py" line="562"/>
        <source>Choose the folder that holds MNIST</source>
        <translation>选择存放 MNIST 的文件夹</translation>
    </message>
</context>
<context>
    <name>ModelInputPreview</name>
    <message>
        <location filename="../../lstm_gui/gui/draw_pad.py" line="330"/>
        <source>What the network reads: your drawing cropped, scaled to 20x20 pixels and placed with its centre of mass (red cross) in the middle of 28x28, as in MNIST.</source>
        <translation>网络读到的图像：和 MNIST 一样，把你写的数字裁剪、缩放到 20×20 像素，再把墨迹重心（红色十字）放到 28×28 图像的中央。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="43"/>
        <source>The model that reads your drawings</source>
        <translation>用来识别你所写数字的模型</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="49"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="59"/>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="79"/>
        <source>Bundled model (pretrained)</source>
        <translation>内置模型（已预训练）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="87"/>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="87"/>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="92"/>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="101"/>
        <source>{name} · test accuracy unknown</source>
        <translation>{name} · 测试准确率未知</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="104"/>
        <source>{name} · test accuracy {percent}%</source>
        <translation>{name} · 测试准确率 {percent}%</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="115"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="133"/>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/draw_model_picker.py" line="134"/>
        <source>lstm-gui models (*.safetensors);;All files (*)</source>
        <translation>lstm-gui 模型 (*.safetensors);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <location filename="../../lstm_gui/gui/prediction_panel.py" line="29"/>
        <source>The network reads</source>
        <translation>网络认为是</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/prediction_panel.py" line="44"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/prediction_panel.py" line="45"/>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/prediction_panel.py" line="87"/>
        <source>Draw a digit to see what the network reads.</source>
        <translation>写一个数字，看看网络认成什么。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/prediction_panel.py" line="96"/>
        <source>{percent}% sure</source>
        <translation>把握 {percent}%</translation>
    </message>
</context>
<context>
    <name>RowAccuracyCurve</name>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="54"/>
        <source>Test accuracy after reading the first rows</source>
        <translation>只读前几行时的测试准确率</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="55"/>
        <source>rows read (from the top)</source>
        <translation>已读的行数（从上往下）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="56"/>
        <source>test accuracy (%)</source>
        <translation>测试准确率 (%)</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="94"/>
        <source>Choose the MNIST folder…</source>
        <translation>选择 MNIST 文件夹…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="106"/>
        <source>The curve is computed when a model is loaded.</source>
        <translation>加载模型后会计算这条曲线。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="136"/>
        <source>The curve will be computed when you open this tab.</source>
        <translation>打开这个标签页时会计算这条曲线。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="145"/>
        <source>your digit: row {row}</source>
        <translation>你的数字：第 {row} 行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="156"/>
        <source>Reading the test digits with this model…</source>
        <translation>正在用这个模型读取测试集数字…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="189"/>
        <source>Read {done} of {total} test digits…</source>
        <translation>已读取 {done} / {total} 个测试数字…</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="199"/>
        <source>{rows} rows give 99% of it</source>
        <translation>读 {rows} 行即可达到其 99%</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="202"/>
        <source>On {total} test digits this model is {final}% right after all 28 rows, and already {partial}% right after {rows} rows. Its first rows are mostly blank margin, so early guesses are near chance (10%).</source>
        <translation>在 {total} 个测试数字上，这个模型读完全部 28 行后的准确率是 {final}%，只读 {rows} 行时就已达到 {partial}%。开头几行大多是空白边距，所以早期的猜测接近随机（10%）。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_accuracy_curve.py" line="218"/>
        <source>The curve needs the MNIST test set. {message}</source>
        <translation>这条曲线需要 MNIST 测试集。{message}</translation>
    </message>
</context>
<context>
    <name>RowExperimentsView</name>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="92"/>
        <source>Your digit</source>
        <translation>你的数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="92"/>
        <source>All 28 rows, top to bottom, as drawn.</source>
        <translation>按原样从上到下读全部 28 行。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="95"/>
        <source>Erase rows</source>
        <translation>擦掉几行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="96"/>
        <source>Blank some rows. Which rows does the answer depend on?</source>
        <translation>把某些行清空。答案取决于哪几行？</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="99"/>
        <source>first row to erase</source>
        <translation>要擦掉的第一行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="100"/>
        <source>last row to erase</source>
        <translation>要擦掉的最后一行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="101"/>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="108"/>
        <source>Stop early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="109"/>
        <source>Read only the first rows, then answer. How many rows are enough?</source>
        <translation>只读前几行就回答。读多少行才够？</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="112"/>
        <source>rows read before answering</source>
        <translation>回答前读的行数</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="113"/>
        <source>stop after row</source>
        <translation>读到第几行停止</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="118"/>
        <source>Reverse the rows</source>
        <translation>倒序读行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="119"/>
        <source>Read from the bottom row up. The network learned top-down reading.</source>
        <translation>从最下面一行往上读。网络学的是从上往下读。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="123"/>
        <source>Columns instead of rows</source>
        <translation>按列代替按行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="124"/>
        <source>Read the columns left to right (the image turned on its side).</source>
        <translation>从左到右按列读（相当于把图像侧过来）。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="128"/>
        <source>Shuffle the rows</source>
        <translation>打乱行的顺序</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="129"/>
        <source>Read the rows in a random order. Does the order matter?</source>
        <translation>按随机顺序读各行。顺序重要吗？</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="132"/>
        <source>Shuffle again</source>
        <translation>重新打乱</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="205"/>
        <source>Draw a digit first.</source>
        <translation>请先写一个数字。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="211"/>
        <source>reads &lt;b&gt;{digit}&lt;/b&gt; ({percent}% sure)</source>
        <translation>认为是 &lt;b&gt;{digit}&lt;/b&gt;（把握 {percent}%）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="218"/>
        <source>same answer</source>
        <translation>答案不变</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="218"/>
        <source>changed!</source>
        <translation>答案变了！</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_experiments_view.py" line="221"/>
        <source>reads &lt;b&gt;{digit}&lt;/b&gt; ({percent}% sure): &lt;b style=&apos;color:{colour}&apos;&gt;{verdict}&lt;/b&gt;</source>
        <translation>认为是 &lt;b&gt;{digit}&lt;/b&gt;（把握 {percent}%）：&lt;b style=&apos;color:{colour}&apos;&gt;{verdict}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>RowScanView</name>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="119"/>
        <source>Play: read the digit row by row (Space)</source>
        <translation>播放：逐行阅读这个数字（空格键）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="124"/>
        <source>One row back</source>
        <translation>后退一行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="128"/>
        <source>One row forward</source>
        <translation>前进一行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="133"/>
        <source>Drag to choose how many rows the network has read</source>
        <translation>拖动以选择网络已经读了多少行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="201"/>
        <source>Draw a digit to watch the network read it row by row.</source>
        <translation>写一个数字，看网络如何逐行阅读它。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="250"/>
        <source>h: hidden state</source>
        <translation>h：隐藏状态</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="252"/>
        <source>c: cell state (memory)</source>
        <translation>c：细胞状态（记忆）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="254"/>
        <source>input gate (write)</source>
        <translation>输入门（写入）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="255"/>
        <source>forget gate (keep)</source>
        <translation>遗忘门（保留）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="256"/>
        <source>output gate (show)</source>
        <translation>输出门（输出）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="257"/>
        <source>reset gate (use the past)</source>
        <translation>重置门（利用过去）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="258"/>
        <source>update gate (keep)</source>
        <translation>更新门（保留）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="259"/>
        <source>candidate (new content)</source>
        <translation>候选值（新内容）</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="278"/>
        <source>input: 28 rows</source>
        <translation>输入：28 行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="281"/>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="323"/>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="282"/>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="283"/>
        <source>guess after each row</source>
        <translation>每读一行后的猜测</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="286"/>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="308"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="335"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="340"/>
        <source>h value</source>
        <translation>h 的值</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="343"/>
        <source>c value</source>
        <translation>c 的值</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="346"/>
        <source>gate: 0 closed, 1 open</source>
        <translation>门：0 关闭，1 打开</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="375"/>
        <source>Each heatmap row is one image row; each column of a state is one of the {units} units. h is what the network passes on to the next row and, after row 28, to the answer. The dashed line marks the row where the network decided.</source>
        <translation>热力图的每一行对应图像的一行；状态图的每一列是 {units} 个单元之一。h 是网络传给下一行的信息，读完第 28 行后用来给出答案。虚线标出网络做出决定的那一行。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="381"/>
        <source>c is the LSTM&apos;s memory; the gates decide, unit by unit, how much new input to write (input), how much memory to keep (forget) and how much of it to show as h (output): 0 closed, 1 open.</source>
        <translation>c 是 LSTM 的记忆；各个门逐个单元决定写入多少新输入（输入门）、保留多少记忆（遗忘门）、把多少记忆作为 h 输出（输出门）：0 表示关闭，1 表示打开。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="386"/>
        <source>The gates run from 0 (closed) to 1 (open).</source>
        <translation>门的取值从 0（关闭）到 1（打开）。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="412"/>
        <source>row {row} of {rows}</source>
        <translation>第 {row} 行，共 {rows} 行</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="423"/>
        <source>After reading rows 1–{row} the network guesses &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt; ({percent}% sure).</source>
        <translation>读完第 1–{row} 行后，网络猜是 &lt;b style=&apos;color:{colour}&apos;&gt;{guess}&lt;/b&gt;（把握 {percent}%）。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="427"/>
        <source>Its final answer &lt;b&gt;{final}&lt;/b&gt; was reached at row &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; and kept to the end.</source>
        <translation>最终答案 &lt;b&gt;{final}&lt;/b&gt; 在第 &lt;b style=&apos;color:{colour}&apos;&gt;{decided}&lt;/b&gt; 行确定，并一直保持到最后。</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="441"/>
        <source>unit {unit} (hover a unit): {symbols}</source>
        <translation>单元 {unit}（鼠标悬停选择单元）：{symbols}</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="460"/>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <location filename="../../lstm_gui/gui/row_scan_view.py" line="460"/>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
</context>
</TS>
