import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const palette = ['#1f6f5c', '#d97706', '#2563eb', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];

/**
 * A horizontal bar chart drawn by chart.js from the bundle (no third-party request). The numbers
 * are also in the accessible table next to it, so the canvas is decoration for screen readers.
 */
export function BarChart(props: {
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
  stacked?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--text').trim() || '#222';
    const brand = style.getPropertyValue('--brand').trim();
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: props.labels,
        datasets: props.datasets.map((set, i) => ({
          label: set.label,
          data: set.data,
          backgroundColor: i === 0 && brand ? brand : palette[i % palette.length],
          borderRadius: 4,
        })),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: props.datasets.length > 1, labels: { color: text } } },
        scales: {
          x: { stacked: props.stacked, beginAtZero: true, ticks: { precision: 0, color: text } },
          y: { stacked: props.stacked, ticks: { color: text } },
        },
      },
    });
    return () => chart.destroy();
  }, [props.labels, props.datasets, props.stacked]);
  const height = Math.max(
    120,
    props.labels.length * (props.stacked ? 36 : 28 * Math.max(1, props.datasets.length)) + 60,
  );
  return (
    <div className="survey-chart" style={{ height }} aria-hidden="true">
      <canvas ref={canvas} />
    </div>
  );
}
