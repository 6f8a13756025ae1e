document.getElementById('root')!.textContent = 'CampusDesk kiosk';
