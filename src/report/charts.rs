//! Charts as SVG (plotters), each drawn from summaries only: quantile bands
//! over time, histograms over replications, stacked bars, and life paths.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::report::format::{Lang, number};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 340;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Axis range with a little room.
fn span(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-9 {
        return (lo - 1.0, hi + 1.0);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

fn axis_label(v: f64, lang: Lang) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 1.0e6 {
        format!("{}M", number(v / 1.0e6, 1, lang))
    } else if a >= 1.0e4 {
        format!("{}k", number(v / 1.0e3, 0, lang))
    } else if a >= 1.0e3 {
        format!("{}k", number(v / 1.0e3, 1, lang))
    } else if a >= 10.0 {
        number(v, 0, lang)
    } else {
        number(v, 2, lang)
    }
}

/// The charts' coordinate frame: numbers on both axes.
type Frame<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The legend of the labelled series, boxed, at `position`.
fn legend<'a, 'b: 'a>(chart: &mut Frame<'a, 'b>, position: SeriesLabelPosition) -> Result<(), String> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(position)
        .draw()
        .map_err(err)
}

/// One row of a fan chart: the year and the 5, 25, 50, 75 and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub year: i32,
    pub q: [f64; 5],
}

/// A fan chart: the median with its 50% and 90% bands over the years.
pub fn fan(title: &str, y_label: &str, bands: &[Band], lang: Lang) -> Result<String, String> {
    fans(title, y_label, &[("", bands)], lang)
}

/// Fan charts of several series in one frame (e.g. a baseline and a
/// variant), each in its own colour, with a legend when they have names.
pub fn fans(title: &str, y_label: &str, series: &[(&str, &[Band])], lang: Lang) -> Result<String, String> {
    const COLOURS: [RGBColor; 2] = [RGBColor(31, 94, 168), RGBColor(200, 82, 0)];
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let all = || series.iter().flat_map(|(_, b)| b.iter());
        let lo = all().map(|b| b.q[0]).fold(f64::INFINITY, f64::min);
        let hi = all().map(|b| b.q[4]).fold(f64::NEG_INFINITY, f64::max);
        let (y0, y1) = span(lo, hi);
        let x0 = all().map(|b| b.year).min().unwrap_or(0) as f64 - 0.2;
        let x1 = all().map(|b| b.year).max().unwrap_or(1) as f64 + 0.2;
        let years = series.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(years.max(2))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| axis_label(*y, lang))
            .y_desc(y_label)
            .draw()
            .map_err(err)?;
        for (k, (name, bands)) in series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            for (outer, alpha) in [((0, 4), 0.15), ((1, 3), 0.3)] {
                let mut points: Vec<(f64, f64)> = bands.iter().map(|b| (b.year as f64, b.q[outer.0])).collect();
                points.extend(bands.iter().rev().map(|b| (b.year as f64, b.q[outer.1])));
                chart
                    .draw_series(std::iter::once(Polygon::new(points, colour.mix(alpha).filled())))
                    .map_err(err)?;
            }
            let line = chart
                .draw_series(LineSeries::new(
                    bands.iter().map(|b| (b.year as f64, b.q[2])),
                    colour.stroke_width(2),
                ))
                .map_err(err)?;
            if !name.is_empty() {
                line.label(*name)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2)));
            }
            chart
                .draw_series(
                    bands
                        .iter()
                        .map(|b| Circle::new((b.year as f64, b.q[2]), 3, colour.filled())),
                )
                .map_err(err)?;
        }
        if series.iter().any(|(name, _)| !name.is_empty()) {
            legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// A histogram of one outcome over replications.
pub fn histogram(title: &str, x_label: &str, values: &[f64], lang: Lang) -> Result<String, String> {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH / 2, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (x0, x1) = span(lo, hi);
        let bins = 15usize;
        let width = (x1 - x0) / bins as f64;
        let mut counts = vec![0u32; bins];
        for x in &v {
            let i = (((x - x0) / width) as usize).min(bins - 1);
            counts[i] += 1;
        }
        let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(32)
            .y_label_area_size(40)
            .build_cartesian_2d(x0..x1, 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(5)
            .x_label_formatter(&|x| axis_label(*x, lang))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(x_label)
            .draw()
            .map_err(err)?;
        let color = RGBColor(31, 94, 168);
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let a = x0 + i as f64 * width;
                Rectangle::new([(a, 0.0), (a + width * 0.95, *c as f64)], color.mix(0.7).filled())
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Palette for categories and states.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(31, 94, 168),
    RGBColor(229, 126, 37),
    RGBColor(62, 150, 81),
    RGBColor(204, 37, 41),
    RGBColor(107, 76, 154),
    RGBColor(146, 36, 40),
    RGBColor(148, 139, 61),
];

/// Stacked bars: per year, one bar made of the categories' values.
pub fn stacked_bars(
    title: &str,
    y_label: &str,
    years: &[i32],
    categories: &[(String, Vec<f64>)],
    lang: Lang,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let totals: Vec<f64> = (0..years.len())
            .map(|y| categories.iter().map(|(_, v)| v[y].max(0.0)).sum())
            .collect();
        // room above the bars for the legend
        let top = totals.iter().copied().fold(0.0, f64::max).max(1.0) * 1.9;
        let x0 = *years.first().unwrap_or(&0) as f64 - 0.6;
        let x1 = *years.last().unwrap_or(&1) as f64 + 0.6;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(years.len().max(2))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| axis_label(*y, lang))
            .y_desc(y_label)
            .draw()
            .map_err(err)?;
        for (y, year) in years.iter().enumerate() {
            let mut base = 0.0;
            for (k, (_, v)) in categories.iter().enumerate() {
                let h = v[y].max(0.0);
                let x = *year as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.35, base), (x + 0.35, base + h)],
                        PALETTE[k % PALETTE.len()].filled(),
                    )))
                    .map_err(err)?;
                base += h;
            }
        }
        for (k, (name, _)) in categories.iter().enumerate() {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, 0.0), (x0, 0.0)],
                    PALETTE[k % PALETTE.len()].filled(),
                )))
                .map_err(err)?
                .label(name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], PALETTE[k % PALETTE.len()].filled())
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Life paths: one strip per person, one coloured cell per month by state,
/// with the legend to the right of the strips.
pub fn life_paths(
    title: &str,
    states: &[String],
    persons: &[(String, Vec<usize>)],
    lang: Lang,
) -> Result<String, String> {
    const LEGEND_WIDTH: u32 = 130;
    let months = persons.iter().map(|(_, s)| s.len()).max().unwrap_or(1).max(1);
    let rows = persons.len().max(1);
    let height = (60 + 14 * rows as u32 + 40).max(60 + 18 * states.len() as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let root = root.titled(title, ("sans-serif", 18)).map_err(err)?;
        let (strips, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
        let mut chart = ChartBuilder::on(&strips)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(12)
            .build_cartesian_2d(0f64..months as f64, 0f64..rows as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(0)
            .x_labels(8)
            .x_label_formatter(&|m| format!("{m:.0}"))
            .x_desc(match lang {
                Lang::Nl => "maand",
                Lang::En => "month",
            })
            .draw()
            .map_err(err)?;
        for (r, (_, path)) in persons.iter().enumerate() {
            let y = (rows - 1 - r) as f64;
            chart
                .draw_series(path.iter().enumerate().map(|(m, s)| {
                    Rectangle::new(
                        [(m as f64, y + 0.1), (m as f64 + 1.0, y + 0.9)],
                        PALETTE[*s % PALETTE.len()].filled(),
                    )
                }))
                .map_err(err)?;
        }
        for (k, name) in states.iter().enumerate() {
            let y = 16 + 18 * k as i32;
            legend
                .draw(&Rectangle::new(
                    [(4, y - 6), (16, y + 6)],
                    PALETTE[k % PALETTE.len()].filled(),
                ))
                .map_err(err)?;
            legend
                .draw(&Text::new(
                    name.clone(),
                    (22, y - 7),
                    ("sans-serif", 13).into_font().color(&BLACK),
                ))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The name of the row centred at `y` (rows from the top; labels at
/// `i + 0.5`), or nothing between rows.
fn row_label(names: &[String], y: f64) -> String {
    let i = (y - 0.5).round();
    if (y - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
        names[names.len() - 1 - i as usize].clone()
    } else {
        String::new()
    }
}

/// A chart's frame with one named row per item (rows from the top, centred
/// at `i + 0.5`) and a value axis across: titled, labelled and meshed.
fn rows_frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    names: &[String],
    (x0, x1): (f64, f64),
    label_width: u32,
    lang: Lang,
) -> Result<
    ChartContext<
        'a,
        SVGBackend<'b>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    String,
> {
    let n = names.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(label_width)
        .build_cartesian_2d(x0..x1, 0f64..n)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| axis_label(*x, lang))
        .y_labels(names.len().max(1) * 2 + 1)
        .y_label_formatter(&|y| row_label(names, *y))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Box plots, one per row: whiskers at the 5th and 95th percentiles, the box
/// from the 25th to the 75th, a line at the median with its value: one
/// untitled panel of [`box_panels`].
pub fn boxes(title: &str, rows: &[(String, [f64; 5])], lang: Lang) -> Result<String, String> {
    let panel = Panel {
        title: String::new(),
        unit: String::new(),
        rows: rows.to_vec(),
    };
    let no_data = match lang {
        Lang::Nl => "geen gegevens",
        Lang::En => "no data",
    };
    box_panels(title, &[panel], no_data, lang)
}

/// A forest plot: per row the mean paired difference and its 95% interval, with a line at zero.
pub fn forest(title: &str, rows: &[(String, f64, f64, f64)], lang: Lang) -> Result<String, String> {
    let mut svg = String::new();
    let height = (80 + 30 * rows.len() as u32).max(160);
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let lo = rows
            .iter()
            .map(|r| r.2)
            .chain(std::iter::once(0.0))
            .fold(f64::INFINITY, f64::min);
        let hi = rows
            .iter()
            .map(|r| r.3)
            .chain(std::iter::once(0.0))
            .fold(f64::NEG_INFINITY, f64::max);
        let n = rows.len().max(1) as f64;
        let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut chart = rows_frame(&root, title, &names, span(lo, hi), 260, lang)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n)],
                BLACK.mix(0.6).stroke_width(1),
            )))
            .map_err(err)?;
        for (k, (_, mean, low, high)) in rows.iter().enumerate() {
            let y = (rows.len() - 1 - k) as f64 + 0.5;
            let c = PALETTE[0];
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*low, y), (*high, y)],
                    c.stroke_width(2),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Circle::new((*mean, y), 4, c.filled())))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The fonts for PNG rendering: DejaVu Sans, embedded, so PNGs look the same
/// on every machine whatever fonts it has.
fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(dejavu::sans::regular().to_vec());
            db.set_sans_serif_family("DejaVu Sans");
            std::sync::Arc::new(db)
        })
        .clone()
}

/// A chart's SVG rendered as PNG (resvg, at 1.5× for print).
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".into(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(err)?;
    let scale = 1.5;
    let size = tree.size().to_int_size();
    let (w, h) = (
        (size.width() as f32 * scale) as u32,
        (size.height() as f32 * scale) as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("a chart without size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(err)
}

/// Sobol indices as bars per factor: first order and total, each with its interval.
pub fn index_bars(title: &str, rows: &[(String, [f64; 3], [f64; 3])], lang: Lang) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = rows.len().max(1) as f64;
        let hi = rows.iter().map(|r| r.2[2].max(r.1[2])).fold(1.0, f64::max);
        let lo = rows.iter().map(|r| r.1[1].min(r.2[1])).fold(0.0, f64::min);
        let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(60)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..n, lo..hi * 1.05)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(rows.len() * 2 + 1)
            .x_label_formatter(&|x| {
                let i = (*x - 0.5).round();
                if (*x - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].rsplit('.').next().unwrap_or("").to_string()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| number(*y, 2, lang))
            .draw()
            .map_err(err)?;
        for (k, (_, s1, st)) in rows.iter().enumerate() {
            let x = k as f64;
            for (off, v, c) in [(0.12, s1, PALETTE[0]), (0.52, st, PALETTE[1])] {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x + off, 0.0), (x + off + 0.36, v[0])],
                        c.mix(0.8).filled(),
                    )))
                    .map_err(err)?;
                let mid = x + off + 0.18;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(mid, v[1]), (mid, v[2])],
                        BLACK.stroke_width(1),
                    )))
                    .map_err(err)?;
            }
        }
        for (k, name) in ["S1", "ST"].iter().enumerate() {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, 0.0), (0.0, 0.0)],
                    PALETTE[k].filled(),
                )))
                .map_err(err)?
                .label(*name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], PALETTE[k].filled()));
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// A scatter of labelled points (Morris: mu* against sigma; or an output against a factor).
pub fn scatter(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(String, f64, f64)],
    lang: Lang,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let fin: Vec<&(String, f64, f64)> = points.iter().filter(|p| p.1.is_finite() && p.2.is_finite()).collect();
        let (x0, x1) = span(
            fin.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
            fin.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
        );
        let (y0, y1) = span(
            fin.iter().map(|p| p.2).fold(f64::INFINITY, f64::min),
            fin.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max),
        );
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| axis_label(*x, lang))
            .y_label_formatter(&|y| axis_label(*y, lang))
            .x_desc(x_label)
            .y_desc(y_label)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(fin.iter().map(|p| Circle::new((p.1, p.2), 4, PALETTE[0].filled())))
            .map_err(err)?;
        chart
            .draw_series(fin.iter().filter(|p| !p.0.is_empty()).map(|p| {
                Text::new(
                    p.0.rsplit('.').next().unwrap_or("").to_string(),
                    (p.1, p.2),
                    ("sans-serif", 12).into_font(),
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// A difference across plausible parameter worlds: one point per parameter
/// draw (the draw's mean paired difference against the deciding parameter's
/// value), the zero line, the least-squares line and, where it lies within
/// the drawn range, the value at which it crosses zero as a dashed vertical
/// line. `points` are `(parameter value, mean difference)`.
pub fn difference_scatter(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64)],
    line: Option<(f64, f64)>,
    crossing: Option<f64>,
    lang: Lang,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = title_block(&root, title, 16)?;
        let fin: Vec<(f64, f64)> = points
            .iter()
            .copied()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .collect();
        let (x0, x1) = span(
            fin.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
            fin.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
        );
        let (y0, y1) = span(
            fin.iter()
                .map(|p| p.1)
                .chain(std::iter::once(0.0))
                .fold(f64::INFINITY, f64::min),
            fin.iter()
                .map(|p| p.1)
                .chain(std::iter::once(0.0))
                .fold(f64::NEG_INFINITY, f64::max),
        );
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(72)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| axis_label(*x, lang))
            .y_label_formatter(&|y| axis_label(*y, lang))
            .x_desc(x_label)
            .y_desc(y_label)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0, 0.0), (x1, 0.0)],
                BLACK.mix(0.6).stroke_width(1),
            )))
            .map_err(err)?;
        if let Some((a, b)) = line {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x0, a + b * x0), (x1, a + b * x1)],
                    PALETTE[1].stroke_width(2),
                )))
                .map_err(err)?;
        }
        if let Some(x) = crossing {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, y0), (x, y1)],
                    6,
                    4,
                    PALETTE[1].stroke_width(1),
                ))
                .map_err(err)?;
        }
        chart
            .draw_series(fin.iter().map(|p| Circle::new(*p, 4, PALETTE[0].filled())))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Break-even: the metric's mean (with its 95% interval) at each evaluated
/// lever value, the target as a horizontal line, the break-even value as a
/// vertical line.
pub fn break_even(
    title: &str,
    x_label: &str,
    points: &[(f64, f64, f64, f64)],
    target: f64,
    root_x: f64,
    lang: Lang,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (x0, x1) = span(
            points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
            points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
        );
        let (y0, y1) = span(
            points
                .iter()
                .map(|p| p.2)
                .chain(std::iter::once(target))
                .fold(f64::INFINITY, f64::min),
            points
                .iter()
                .map(|p| p.3)
                .chain(std::iter::once(target))
                .fold(f64::NEG_INFINITY, f64::max),
        );
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| number(*x, 2, lang))
            .y_label_formatter(&|y| axis_label(*y, lang))
            .x_desc(x_label)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0, target), (x1, target)],
                PALETTE[3].stroke_width(1),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(root_x, y0), (root_x, y1)],
                PALETTE[2].stroke_width(2),
            )))
            .map_err(err)?;
        for (x, m, lo, hi) in points {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*x, *lo), (*x, *hi)],
                    PALETTE[0].stroke_width(1),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Circle::new((*x, *m), 4, PALETTE[0].filled())))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The Okabe–Ito palette, safe for the common forms of colour blindness:
/// blue, orange, bluish green, vermillion, reddish purple, sky blue, black;
/// its yellow is left out (too light on white) and a mid grey takes its
/// place, so the eight shipped scenarios of a comparison get eight colours.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(136, 136, 136),
];

/// The width of a text in pixels at font size `size`, estimated on the
/// generous side for DejaVu Sans (plotters' own estimate is too narrow, so
/// texts laid out by it can run past the chart's edge).
fn text_width(text: &str, size: u32) -> u32 {
    (text.chars().count() as f64 * 0.55 * size as f64).ceil() as u32
}

/// A text broken at spaces into lines of at most `width` characters (a
/// longer word gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A drawing area of the SVG backend.
type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;

/// The height a title takes when wrapped to `width` pixels at font `size`.
fn title_height(title: &str, width: u32, size: u32) -> u32 {
    let per_line = ((width.saturating_sub(24)) / (text_width("m", size).max(1))).max(10) as usize;
    wrap(title, per_line).len() as u32 * (size + 5) + 10
}

/// Draw `title` centred at the top of `area`, wrapped so that no line runs
/// past its edges, and return the area below it.
fn title_block<'b>(area: &Area<'b>, title: &str, size: u32) -> Result<Area<'b>, String> {
    let width = area.dim_in_pixel().0;
    let per_line = ((width.saturating_sub(24)) / (text_width("m", size).max(1))).max(10) as usize;
    let lines = wrap(title, per_line);
    let style = ("sans-serif", size)
        .into_font()
        .color(&BLACK)
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        ));
    for (k, line) in lines.iter().enumerate() {
        area.draw(&Text::new(
            line.clone(),
            ((width / 2) as i32, 6 + k as i32 * (size as i32 + 5)),
            style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(area.split_vertically(title_height(title, width, size)).1)
}

/// Draws a legend entry's swatch: on the area, for entry `k`, at a point.
type Swatch<'a, 'b> = dyn Fn(&Area<'b>, usize, (i32, i32)) -> Result<(), String> + 'a;

/// A legend beside a chart: per entry a swatch drawn by `swatch` at the
/// entry's left middle and its name, with an optional grey second line.
fn side_legend<'b>(
    area: &Area<'b>,
    entries: &[(String, Option<String>)],
    swatch: &Swatch<'_, 'b>,
) -> Result<(), String> {
    let mut y = 20;
    for (k, (name, note)) in entries.iter().enumerate() {
        swatch(area, k, (6, y))?;
        area.draw(&Text::new(
            name.clone(),
            (34, y - 7),
            ("sans-serif", 13).into_font().color(&BLACK),
        ))
        .map_err(err)?;
        y += 20;
        if let Some(note) = note {
            area.draw(&Text::new(
                note.clone(),
                (34, y - 9),
                ("sans-serif", 11).into_font().color(&BLACK.mix(0.6)),
            ))
            .map_err(err)?;
            y += 14;
        }
    }
    Ok(())
}

/// The width of a side legend for these names (swatch, gap and text).
fn legend_width(names: &[String], lo: u32, hi: u32) -> u32 {
    (40 + names.iter().map(|n| text_width(n, 13)).max().unwrap_or(0)).clamp(lo, hi)
}

/// One line of a [`band_lines`] chart: its name, whether it is dashed, and
/// at each x its 5th, 50th and 95th percentile (non-finite values are
/// skipped: nothing could be followed there).
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub name: String,
    pub dashed: bool,
    pub points: Vec<(f64, [f64; 3])>,
}

/// Lines of medians, each with its 90% band shaded, over a few x values
/// (e.g. months 6, 12 and 24) with ticks every `x_step` (e.g. 6 months) up
/// to `x_max`, on a y axis from zero; colours of
/// the Okabe–Ito palette and a marker shape per line, so that lines can be
/// told apart without colour. A line without any value is listed in the
/// legend with `no_data` under its name.
pub fn band_lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    (x_step, x_max): (f64, f64),
    curves: &[Curve],
    no_data: &str,
    lang: Lang,
) -> Result<String, String> {
    let finite = |c: &Curve| -> Vec<(f64, [f64; 3])> {
        c.points
            .iter()
            .copied()
            .filter(|(x, q)| x.is_finite() && q[1].is_finite())
            .collect()
    };
    let names: Vec<String> = curves.iter().map(|c| c.name.clone()).collect();
    let legend_w = legend_width(&names, 130, 260);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT + 40)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = title_block(&root, title, 17)?;
        let (plot, legend_area) = body.split_horizontally(WIDTH - legend_w);
        let top = curves
            .iter()
            .flat_map(|c| {
                finite(c)
                    .into_iter()
                    .map(|(_, q)| if q[2].is_finite() { q[2] } else { q[1] })
            })
            .fold(0.0, f64::max);
        let top = if top > 0.0 { top * 1.08 } else { 1.0 };
        // x in steps, so that the axis has a tick at every step (plotters
        // puts ticks at round numbers only)
        let steps = (x_max / x_step).ceil().max(1.0);
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..steps + 0.3, 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .label_style(("sans-serif", 13))
            .x_labels(steps as usize + 1)
            .x_label_formatter(&|x| {
                if (x - x.round()).abs() < 1e-6 {
                    number(x.round() * x_step, 0, lang)
                } else {
                    String::new()
                }
            })
            .y_labels(6)
            .y_label_formatter(&|y| axis_label(*y, lang))
            .x_desc(x_label)
            .y_desc(y_label)
            .draw()
            .map_err(err)?;
        for (k, c) in curves.iter().enumerate() {
            draw_curve(&mut chart, k, c.dashed, &finite(c), x_step)?;
        }
        let entries: Vec<(String, Option<String>)> = curves
            .iter()
            .map(|c| (c.name.clone(), finite(c).is_empty().then(|| no_data.to_string())))
            .collect();
        let legend_area = legend_area.margin(30, 0, 0, 0);
        side_legend(&legend_area, &entries, &|area, k, (x, y)| {
            let colour = OKABE_ITO[k % OKABE_ITO.len()];
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + 24, y + 6)],
                colour.mix(0.12).filled(),
            ))
            .map_err(err)?;
            if curves[k].dashed {
                area.draw(&plotters::element::DashedPathElement::new(
                    vec![(x, y), (x + 24, y)],
                    6,
                    3,
                    colour.stroke_width(2),
                ))
                .map_err(err)?;
            } else {
                area.draw(&PathElement::new(vec![(x, y), (x + 24, y)], colour.stroke_width(2)))
                    .map_err(err)?;
            }
            draw_marker(area, k, (x + 12, y), colour)
        })?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Draw line `k` of a [`band_lines`] chart: its 90% band (shaded, and a
/// stroke at each x so that a band of one point still shows), its median
/// line (dashed if asked) and its markers; x is divided by `x_step`.
fn draw_curve(
    chart: &mut Frame<'_, '_>,
    k: usize,
    dashed: bool,
    points: &[(f64, [f64; 3])],
    x_step: f64,
) -> Result<(), String> {
    let colour = OKABE_ITO[k % OKABE_ITO.len()];
    let band: Vec<(f64, [f64; 3])> = points
        .iter()
        .copied()
        .filter(|(_, q)| q[0].is_finite() && q[2].is_finite())
        .collect();
    if band.len() > 1 {
        let mut outline: Vec<(f64, f64)> = band.iter().map(|(x, q)| (x / x_step, q[0])).collect();
        outline.extend(band.iter().rev().map(|(x, q)| (x / x_step, q[2])));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.12).filled())))
            .map_err(err)?;
    }
    chart
        .draw_series(band.iter().map(|(x, q)| {
            PathElement::new(
                vec![(x / x_step, q[0]), (x / x_step, q[2])],
                colour.mix(0.45).stroke_width(1),
            )
        }))
        .map_err(err)?;
    let line = points.iter().map(|(x, q)| (x / x_step, q[1]));
    if dashed {
        chart
            .draw_series(DashedLineSeries::new(line, 8, 5, colour.stroke_width(2)))
            .map_err(err)?;
    } else {
        chart
            .draw_series(LineSeries::new(line, colour.stroke_width(2)))
            .map_err(err)?;
    }
    for (x, q) in points {
        draw_marker(chart.plotting_area(), k, (x / x_step, q[1]), colour)?;
    }
    Ok(())
}

/// Draw the marker of line `k` at `at`: a circle, triangle, square or
/// cross in turn, so that lines differ in shape as well as in colour.
fn draw_marker<CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<SVGBackend<'_>, CT>,
    k: usize,
    at: CT::From,
    colour: RGBColor,
) -> Result<(), String>
where
    CT::From: Clone + 'static,
{
    let style = colour.filled();
    match k % 4 {
        0 => area.draw(&Circle::new(at, 4, style)),
        1 => area.draw(&TriangleMarker::new(at, 5, style)),
        2 => area.draw(&(EmptyElement::at(at) + Rectangle::new([(-4, -4), (4, 4)], style))),
        _ => area.draw(&Cross::new(at, 4, colour.stroke_width(2))),
    }
    .map_err(err)
}

/// One panel of [`box_panels`]: its title, the unit written after each
/// median (e.g. `%`), and per row a name and the 5th, 25th, 50th, 75th and
/// 95th percentile.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    pub unit: String,
    pub rows: Vec<(String, [f64; 5])>,
}

/// The pixel height of one row of boxes.
const ROW: u32 = 40;

/// The style of a grey note in a chart, anchored at its left middle.
fn note_style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&BLACK.mix(0.6))
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ))
}

/// Box plots in panels stacked under one title, each panel with its own
/// (wrapped) title and value axis, so that shares and months can stand side
/// by side: per row whiskers from the 5th to the 95th percentile, a box from
/// the 25th to the 75th and a line at the median with its value written
/// above it. A row without a median
/// shows `no_data` instead of a box (never a zero).
pub fn box_panels(title: &str, panels: &[Panel], no_data: &str, lang: Lang) -> Result<String, String> {
    let names: Vec<&String> = panels.iter().flat_map(|p| p.rows.iter().map(|r| &r.0)).collect();
    let label_w = (names.iter().map(|n| text_width(n, 12)).max().unwrap_or(0) + 16).clamp(24, 240);
    let heights: Vec<u32> = panels
        .iter()
        .map(|p| title_height(&p.title, WIDTH, 14) + 30 + ROW * p.rows.len().max(1) as u32 + 8)
        .collect();
    let height = title_height(title, WIDTH, 17) + heights.iter().sum::<u32>();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut rest = title_block(&root, title, 17)?;
        for (panel, h) in panels.iter().zip(&heights) {
            let (area, below) = rest.split_vertically(*h);
            rest = below;
            let inner = title_block(&area, &panel.title, 14)?;
            let shown = panel.rows.iter().filter(|r| r.1[2].is_finite());
            let lo = shown
                .clone()
                .map(|r| if r.1[0].is_finite() { r.1[0] } else { r.1[2] })
                .fold(f64::INFINITY, f64::min);
            let hi = shown
                .map(|r| if r.1[4].is_finite() { r.1[4] } else { r.1[2] })
                .fold(f64::NEG_INFINITY, f64::max);
            let (x0, x1) = span(lo, hi);
            let n = panel.rows.len().max(1);
            let row_names: Vec<String> = panel.rows.iter().map(|r| r.0.clone()).collect();
            let named = row_names.iter().any(|r| !r.is_empty());
            let mut chart = ChartBuilder::on(&inner)
                .margin_left(10)
                .margin_right(24)
                .margin_bottom(4)
                .x_label_area_size(26)
                .y_label_area_size(if named { label_w } else { 12 })
                .build_cartesian_2d(x0..x1, 0f64..n as f64)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(TRANSPARENT)
                .label_style(("sans-serif", 12))
                .x_labels(6)
                .y_labels(if named { n * 2 + 1 } else { 0 })
                .x_label_formatter(&|x| axis_label(*x, lang))
                .y_label_formatter(&|y| row_label(&row_names, *y))
                .draw()
                .map_err(err)?;
            for (k, (_, q)) in panel.rows.iter().enumerate() {
                let y = (n - 1 - k) as f64 + 0.5;
                draw_box(&mut chart, (k, y), q, (&panel.unit, no_data), (x0, x1), lang)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Draw one row of a [`box_panels`] panel at height `y`: whiskers, box,
/// the median and its value with `unit`, or `no_data` if there is no median.
fn draw_box(
    chart: &mut Frame<'_, '_>,
    (k, y): (usize, f64),
    q: &[f64; 5],
    (unit, no_data): (&str, &str),
    (x0, x1): (f64, f64),
    lang: Lang,
) -> Result<(), String> {
    let c = OKABE_ITO[k % OKABE_ITO.len()];
    if !q[2].is_finite() {
        chart
            .draw_series(std::iter::once(Text::new(
                no_data.to_string(),
                (x0 + 0.02 * (x1 - x0), y),
                note_style(12),
            )))
            .map_err(err)?;
        return Ok(());
    }
    if q[0].is_finite() && q[4].is_finite() {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(q[0], y), (q[4], y)],
                c.stroke_width(2),
            )))
            .map_err(err)?;
    }
    if q[1].is_finite() && q[3].is_finite() {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(q[1], y - 0.2), (q[3], y + 0.2)],
                c.mix(0.5).filled(),
            )))
            .map_err(err)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(q[2], y - 0.24), (q[2], y + 0.24)],
            BLACK.stroke_width(2),
        )))
        .map_err(err)?;
    let decimals = if q[2].abs() < 100.0 { 1 } else { 0 };
    chart
        .draw_series(std::iter::once(Text::new(
            format!("{}{unit}", number(q[2], decimals, lang)),
            (q[2], y + 0.24),
            ("sans-serif", 12)
                .into_font()
                .color(&BLACK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                )),
        )))
        .map_err(err)?;
    Ok(())
}

/// Horizontal bars grouped by row: per group (e.g. a route) one bar per
/// series (e.g. a scenario) at its median, with a whisker from the 5th to
/// the 95th percentile (`[p5, p50, p95]`), the series in the Okabe–Ito
/// colours with a legend beside the chart. A series without a median in a
/// group shows `no_data` there instead of a bar (never a zero).
pub fn grouped_bars(
    title: &str,
    x_label: &str,
    groups: &[String],
    series: &[(String, Vec<[f64; 3]>)],
    no_data: &str,
    lang: Lang,
) -> Result<String, String> {
    let g = groups.len().max(1);
    let s = series.len().max(1);
    let label_w = (groups.iter().map(|n| text_width(n, 12)).max().unwrap_or(0) + 16).clamp(24, 240);
    let names: Vec<String> = series.iter().map(|(n, _)| n.clone()).collect();
    let legend_w = legend_width(&names, 120, 240);
    let group_h = 16 * s as u32 + 14;
    let height = title_height(title, WIDTH, 17) + group_h * g as u32 + 60;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = title_block(&root, title, 17)?;
        let (plot, legend_area) = body.split_horizontally(WIDTH - legend_w);
        let top = series
            .iter()
            .flat_map(|(_, v)| v.iter().map(|q| if q[2].is_finite() { q[2] } else { q[1] }))
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max);
        let top = if top > 0.0 { top * 1.08 } else { 1.0 };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(16)
            .margin_top(4)
            .margin_bottom(6)
            .x_label_area_size(40)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0f64..top, 0f64..g as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .label_style(("sans-serif", 12))
            .x_labels(6)
            .y_labels(g * 2 + 1)
            .x_label_formatter(&|x| axis_label(*x, lang))
            .y_label_formatter(&|y| row_label(groups, *y))
            .x_desc(x_label)
            .draw()
            .map_err(err)?;
        let thickness = 0.8 / s as f64;
        for k in 0..groups.len() {
            let group_top = (g - k) as f64 - 0.1;
            for (j, (_, values)) in series.iter().enumerate() {
                let c = OKABE_ITO[j % OKABE_ITO.len()];
                let y = group_top - (j as f64 + 0.5) * thickness;
                let q = values.get(k).copied().unwrap_or([f64::NAN; 3]);
                if !q[1].is_finite() {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            no_data.to_string(),
                            (0.01 * top, y),
                            note_style(11),
                        )))
                        .map_err(err)?;
                    continue;
                }
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y - 0.42 * thickness), (q[1], y + 0.42 * thickness)],
                        c.mix(0.85).filled(),
                    )))
                    .map_err(err)?;
                if q[0].is_finite() && q[2].is_finite() {
                    let cap = 0.25 * thickness;
                    chart
                        .draw_series([
                            PathElement::new(vec![(q[0], y), (q[2], y)], BLACK.stroke_width(1)),
                            PathElement::new(vec![(q[0], y - cap), (q[0], y + cap)], BLACK.stroke_width(1)),
                            PathElement::new(vec![(q[2], y - cap), (q[2], y + cap)], BLACK.stroke_width(1)),
                        ])
                        .map_err(err)?;
                }
            }
        }
        let entries: Vec<(String, Option<String>)> = names.iter().map(|n| (n.clone(), None)).collect();
        let legend_area = legend_area.margin(10, 0, 0, 0);
        side_legend(&legend_area, &entries, &|area, k, (x, y)| {
            area.draw(&Rectangle::new(
                [(x + 4, y - 6), (x + 20, y + 6)],
                OKABE_ITO[k % OKABE_ITO.len()].mix(0.85).filled(),
            ))
            .map_err(err)
        })?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}
