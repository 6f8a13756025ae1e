// Placeholder: the analytics screen (issue 4) replaces this file.
export default function AnalyticsScreen() {
  return <div>Analytics</div>;
}
