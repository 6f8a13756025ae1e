document.getElementById('root')!.textContent = 'CampusDesk';
