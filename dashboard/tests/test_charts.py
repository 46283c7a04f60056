"""The SVG charts: labels from the data are escaped, values are written as text."""
from dashboard.charts import Bar, bar_chart, year_chart


def test_bar_labels_and_texts_are_escaped():
    svg = bar_chart(title="Titre & <cie>", desc="« d »", bars=[Bar(label="<script>x</script>", value=3, text="3 & +")])
    assert "<script>" not in svg
    assert "<title>&lt;script&gt;x&lt;/script&gt; : 3 &amp; +</title>" in svg
    assert ">Titre &amp; &lt;cie&gt;</title>" in svg
    assert ">3 &amp; +</text></g>" in svg


def test_each_year_column_names_its_axis_year_and_count():
    svg = year_chart(title="t", desc="d", series=[('Axe "A" & B', {2009: 4, 2010: 0})], years=[2009, 2010])
    assert "<title>Axe &quot;A&quot; &amp; B, 2009 : 4</title>" in svg
    assert "<title>Axe &quot;A&quot; &amp; B, 2010 : 0</title>" in svg
    assert svg.count("<rect ") == 2
