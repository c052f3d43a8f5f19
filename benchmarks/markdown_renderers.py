import sys, time, glob
sys.path.insert(0, "benchmarks")
import corpus
from markdown_it import MarkdownIt
import cmarkgfm, mistune, markdown_it_pyrs
from cmarkgfm.cmark import Options
ref = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
rs = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
mis = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
opts = Options.CMARK_OPT_VALIDATE_UTF8
def cm(t): return cmarkgfm.markdown_to_html_with_extensions(t, options=opts, extensions=["table", "strikethrough"])
cands = {"markdown-it-py": ref.render, "markdown-it-pyrs": rs.render, "cmarkgfm": cm, "mistune": mis}
print("| shape | " + " | ".join(cands) + " | same HTML as markdown-it-py (pyrs / cmarkgfm / mistune) |")
for shape in corpus.SHAPES:
    bodies = [corpus.item(2017, n, 200, shape).body for n in range(200)]
    row = []
    for name, f in cands.items():
        f(bodies[0]); t = time.process_time()
        for b in bodies: f(b)
        row.append(f"{(time.process_time()-t)/len(bodies)*1e3:.3f}")
    same = [sum(cands[n](b) == ref.render(b) for b in bodies) for n in ("markdown-it-pyrs", "cmarkgfm", "mistune")]
    print(f"| {shape} | " + " | ".join(row) + f" | {same[0]}/{same[1]}/{same[2]} of 200 |")
