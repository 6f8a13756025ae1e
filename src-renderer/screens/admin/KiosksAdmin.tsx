// Placeholder: the kiosk registration panel (issue 5) replaces this file.
export default function KiosksAdmin() {
  return <div>Kiosks</div>;
}
