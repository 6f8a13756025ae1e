// The demo dataset's words: campus places, people, and per-category issue templates with the
// replies, notes and fixes that go with them. Placeholders in braces ({room}, {printer}, …)
// are filled per ticket from the slot pools below, so one ticket's subject, description and
// conversation talk about the same room, printer or course. Vocabulary is deliberately broad
// (common words such as "printer" next to rare ones such as "harpsichord") so that full-text
// search sees realistic selectivity.

export interface Building { name: string; code: string; floors: number }

export const BUILDINGS: readonly Building[] = [
  { name: 'Main Building', code: 'MB', floors: 5 },
  { name: 'University Library', code: 'LIB', floors: 4 },
  { name: 'Science Centre', code: 'SC', floors: 6 },
  { name: 'Engineering Hall', code: 'EH', floors: 4 },
  { name: 'Humanities Building', code: 'HB', floors: 3 },
  { name: 'Student Union', code: 'SU', floors: 3 },
  { name: 'Sports Centre', code: 'SPC', floors: 2 },
  { name: 'Chemistry Labs', code: 'CL', floors: 3 },
  { name: 'Medical School', code: 'MED', floors: 7 },
  { name: 'Business School', code: 'BS', floors: 5 },
  { name: 'Computer Science Building', code: 'CS', floors: 4 },
  { name: 'Law Faculty', code: 'LAW', floors: 3 },
  { name: 'Music Conservatory', code: 'MC', floors: 2 },
  { name: 'Administration Building', code: 'ADM', floors: 4 },
  { name: 'Residence Hall North', code: 'RHN', floors: 8 },
  { name: 'Residence Hall South', code: 'RHS', floors: 8 },
  { name: 'Innovation Hub', code: 'IH', floors: 3 },
  { name: 'Physics Tower', code: 'PT', floors: 11 },
  { name: 'Biology Annex', code: 'BA', floors: 2 },
  { name: 'Architecture Studios', code: 'AS', floors: 3 },
  { name: 'Language Centre', code: 'LC', floors: 2 },
  { name: 'Geosciences Pavilion', code: 'GP', floors: 2 },
];

export const LECTURE_HALLS = [
  'Auditorium Maximum', 'Lecture Hall 1', 'Lecture Hall 2', 'Lecture Hall 3', 'Lecture Hall 4', 'Lecture Hall 7',
  'Turing Lecture Theatre', 'Curie Hall', 'Humboldt Hall', 'Noether Room', 'Lovelace Theatre', 'Darwin Hall',
  'Franklin Auditorium', 'Meitner Hall', 'Hypatia Seminar Room',
];

export const PLACES = [
  'the main entrance', 'the ground floor corridor', 'the foyer', 'the stairwell', 'the men\'s toilets', 'the women\'s toilets',
  'the accessible toilet', 'the kitchenette', 'the reading room', 'the group study area', 'the silent study zone', 'the computer pool',
  'the basement', 'the bike shed', 'the courtyard', 'the lift lobby', 'the canteen seating area', 'the copy room', 'the seminar wing',
  'the loading bay', 'the roof terrace', 'the back staircase', 'the cloakroom', 'the exam hall', 'the lab corridor',
];

export const PARKING_LOTS = ['car park P1', 'car park P2', 'car park P4', 'the multi-storey car park', 'the visitor car park', 'the staff car park East'];
export const CAFES = ['the main cafeteria', 'Mensa Nord', 'the Science Centre café', 'the library coffee bar', 'Campus Bistro', 'the Student Union food court'];
export const OFFICES = ['the Student Service Centre', 'the Examinations Office', 'the International Office', 'the Registrar\'s Office', 'the Finance Office', 'the Accommodation Office', 'the Careers Service', 'the Library front desk'];
export const SYSTEMS = ['the university account', 'Moodle', 'the exam registration portal', 'the campus email', 'the VPN', 'the Wi-Fi login', 'the timetable app', 'the library account', 'the HR self-service portal', 'the room booking system'];
export const SOFTWARE = ['MATLAB', 'SPSS', 'AutoCAD', 'SolidWorks', 'Mathematica', 'ArcGIS', 'Stata', 'LabVIEW', 'Adobe Creative Cloud', 'Microsoft Office', 'NVivo', 'Origin', 'ChemDraw', 'Zotero', 'R Studio', 'Ansys'];
export const DEVICES = ['laptop', 'MacBook', 'Android phone', 'iPhone', 'tablet', 'Chromebook', 'Windows desktop', 'Linux laptop', 'Surface tablet'];
export const OSES = ['Windows 11', 'Windows 10', 'macOS Sequoia', 'macOS Sonoma', 'Ubuntu 24.04', 'Fedora', 'iOS 18', 'Android 15', 'ChromeOS'];
export const ERRORS = [
  'authentication failed', 'certificate not trusted', 'connection timed out', 'error 403 forbidden', 'error 500 internal server error',
  'invalid session', 'DNS lookup failed', 'account locked', 'quota exceeded', 'no internet, secured', 'unable to obtain IP address',
  'error 0x80070005', 'the page keeps loading', 'SSO redirect loop', 'licence server unreachable',
];
export const ITEMS = ['umbrella', 'black backpack', 'water bottle', 'student ID card', 'laptop charger', 'scarf', 'set of keys', 'calculator', 'USB stick', 'headphones', 'glasses case', 'blue jacket', 'wallet', 'notebook'];
export const EQUIPMENT = [
  'centrifuge', 'fume hood', 'oscilloscope', 'microscope', 'spectrometer', 'autoclave', 'soldering station', '3D printer', 'laser cutter',
  'grand piano', 'harpsichord', 'theodolite', 'kiln', 'incubator', 'freezer', 'treadmill', 'rowing machine', 'sound desk', 'document camera',
  'smartboard', 'lectern microphone', 'hand dryer', 'water dispenser', 'dishwasher', 'microwave', 'coffee machine', 'fridge',
];
export const VENDORS = ['Hoffmann Facility Services', 'Nordlicht Electrics', 'CampusClean', 'Brightline AV', 'Kessler Plumbing', 'TechParts Direct', 'the manufacturer', 'Elevator Systems Ltd', 'GreenKeep Grounds'];
export const TEAMS = ['second-level support', 'the network team', 'the identity management team', 'the e-learning team', 'the caretakers', 'building services', 'the electricians', 'the AV team', 'catering management', 'the security desk', 'the cleaning contractor'];
export const BUS_LINES = ['line 12', 'line 25', 'the night bus N3', 'the campus shuttle', 'line 7', 'the park-and-ride shuttle'];
export const COURSES = [
  'Linear Algebra', 'Organic Chemistry II', 'Introduction to Programming', 'Microeconomics', 'Constitutional Law', 'Cell Biology',
  'Thermodynamics', 'Statistics for Social Sciences', 'Medieval History', 'Software Engineering', 'Machine Learning', 'Anatomy I',
  'Fluid Mechanics', 'Corporate Finance', 'Music Theory', 'Urban Planning', 'Quantum Mechanics', 'German for Beginners',
  'Databases', 'Philosophy of Mind', 'Marketing Basics', 'Geology Field Methods', 'Signal Processing', 'Developmental Psychology',
];
export const DISHES = ['the vegetarian lasagne', 'the curry', 'the pasta bake', 'the soup of the day', 'the schnitzel', 'the vegan bowl', 'the salad bar', 'the falafel wrap', 'the coffee'];
export const WHEN = ['this morning', 'since yesterday', 'since Monday', 'for about a week', 'since the start of term', 'again today', 'since last night', 'every afternoon', 'since the weekend', 'on and off for two weeks'];
export const IMPACTS = [
  'About thirty students are affected.', 'I have an exam tomorrow and need this working.', 'It is really disrupting the seminar.',
  'Several colleagues have the same problem.', 'This is the third time this month.', 'It is not urgent but it is annoying.',
  'We cannot teach properly like this.', 'I need it for my thesis deadline on Friday.', 'It is a safety hazard in my opinion.',
  'The whole floor is affected.', 'My research group depends on it.', 'Students have been complaining all week.',
];
export const CLOSINGS = ['Thanks in advance!', 'Thank you.', 'Please help as soon as possible.', 'Best regards.', 'Many thanks.', 'Could someone take a look?', 'Cheers.', ''];

export const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Elif', 'Felix', 'Greta', 'Hannah', 'Ismail', 'Julia', 'Kai', 'Lena', 'Mats', 'Nora', 'Oskar',
  'Paula', 'Quentin', 'Rosa', 'Samuel', 'Tara', 'Ugo', 'Vera', 'Wei', 'Xenia', 'Yusuf', 'Zoe', 'Amir', 'Bianca', 'Chen', 'Dmitri',
  'Emma', 'Fatima', 'Gabriel', 'Hugo', 'Ines', 'Jakob', 'Karin', 'Lukas', 'Mia', 'Noah', 'Olga', 'Pablo', 'Rahul', 'Sara', 'Theo',
  'Ula', 'Viktor', 'Wanda', 'Yara', 'Zeynep', 'Aiko', 'Bruno', 'Carla', 'Diego', 'Eva', 'Finn', 'Giulia', 'Henrik', 'Ivana', 'Jonas',
  'Kerstin', 'Leon', 'Marta', 'Nils', 'Oliver', 'Priya', 'Rafael', 'Sophie', 'Tobias', 'Valentina', 'William', 'Yasmin', 'Ada', 'Emil',
];
export const LAST_NAMES = [
  'Schulz', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Braun',
  'Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Maier', 'Yilmaz', 'Kaya', 'Nguyen', 'Kowalski',
  'Novak', 'Rossi', 'Bianchi', 'García', 'Martínez', 'Silva', 'Dubois', 'Laurent', 'Jensen', 'Nielsen', 'Andersson', 'Larsen', 'Smith',
  'Jones', 'Brown', 'Taylor', 'Walsh', 'O\'Brien', 'Murphy', 'Kim', 'Park', 'Sato', 'Suzuki', 'Wang', 'Li', 'Zhang', 'Patel', 'Sharma',
  'Khan', 'Haddad', 'Mansour', 'Okafor', 'Mensah', 'Petrov', 'Ivanova', 'Horvat', 'Popescu', 'Szabo', 'Nowak', 'Costa', 'Ferreira',
];

/** Placeholder name → its pool (strings), for the simple slots. */
export const SLOT_POOLS: Readonly<Record<string, readonly string[]>> = {
  hall: LECTURE_HALLS, place: PLACES, lot: PARKING_LOTS, cafe: CAFES, office: OFFICES, system: SYSTEMS, software: SOFTWARE,
  device: DEVICES, os: OSES, error: ERRORS, item: ITEMS, equipment: EQUIPMENT, vendor: VENDORS, team: TEAMS, bus: BUS_LINES,
  course: COURSES, dish: DISHES, when: WHEN,
};

export type Season = 'winter' | 'summer' | 'termStart' | 'exams' | 'any';
export type LocationKind = 'room' | 'hall' | 'place' | 'building' | 'lot' | 'cafe' | 'office' | 'none';

export interface IssueTemplate {
  /** Relative frequency within its category. */
  w: number;
  season?: Season;
  /** What goes into the ticket's `location` field. */
  loc: LocationKind;
  subject: readonly string[];
  detail: readonly string[];
  /** The agent's public reply that resolves it. */
  fix: readonly string[];
  /** Staff-only notes specific to the issue. */
  note?: readonly string[];
}

export type CategorySlug = 'facility_management' | 'technical_it' | 'services_complaints';

export const CATEGORY_WEIGHTS: Readonly<Record<CategorySlug, number>> = { facility_management: 0.4, technical_it: 0.42, services_complaints: 0.18 };

export const ISSUES: Readonly<Record<CategorySlug, readonly IssueTemplate[]>> = {
  facility_management: [
    { w: 9, season: 'winter', loc: 'room', subject: ['Heating not working in {room}', 'No heating in {room}', 'Radiator cold in {room}', 'It is freezing in {room}'],
      detail: ['The radiator in {room} has been cold {when}.', 'The room is at about 15 degrees; we are sitting in coats.', 'The thermostat valve turns but nothing happens.'],
      fix: ['The caretaker bled the radiators and replaced the thermostat valve in {room}; it should be warm again within the hour.', 'The heating circuit for {building} was restarted after a pump failure.'],
      note: ['Pump in the {building} boiler room tripped again; {vendor} informed.', 'Thermostat head broken, spare taken from stock.'] },
    { w: 3, season: 'winter', loc: 'room', subject: ['Radiator leaking in {room}', 'Radiator makes knocking noise in {room}'],
      detail: ['There is a puddle under the radiator by the window.', 'The radiator knocks loudly every few minutes, which disturbs lectures.'],
      fix: ['The valve was resealed and the floor dried.', 'Air was bled from the heating circuit; the knocking has stopped.'] },
    { w: 5, season: 'summer', loc: 'room', subject: ['Room {room} far too hot', 'Air conditioning not working in {room}', 'Air conditioning too cold in {room}'],
      detail: ['It was over 30 degrees in the afternoon.', 'The air conditioning blows warm air {when}.', 'The vents blow ice-cold air directly onto the desks.'],
      fix: ['The air conditioning unit was serviced and the filter replaced.', 'The ventilation schedule for {building} was adjusted.'] },
    { w: 6, loc: 'room', subject: ['Broken chair in {room}', 'Several broken chairs in {room}', 'Wobbly desk in {room}', 'Table leg broken in {room}'],
      detail: ['One of the chairs in the second row has a cracked seat.', 'Three chairs have loose backrests and someone almost fell.', 'The desk at the back wobbles so much you cannot write on it.'],
      fix: ['The broken furniture was removed and replaced from the store.', 'The caretakers tightened the chair frames and swapped two chairs.'] },
    { w: 5, loc: 'room', subject: ['Window does not close in {room}', 'Broken window in {room}', 'Blinds stuck in {room}'],
      detail: ['The window handle turns freely and the window stays open.', 'A pane in the window is cracked.', 'The blinds are stuck halfway and the sun glares on the screen.'],
      fix: ['The window mechanism was repaired.', 'The glazier replaced the cracked pane.', 'The blind motor was reset and the cord replaced.'] },
    { w: 6, loc: 'place', subject: ['Light flickering in {place} of {building}', 'Lights out in {place} of {building}', 'Broken lamp in {room}'],
      detail: ['The ceiling lights flicker constantly, it gives me a headache.', 'Half of the ceiling lights are out {when}.', 'It is quite dark in the evening.'],
      fix: ['The electricians replaced the fluorescent tubes and the ballast.', 'The lights were switched to LED panels.'] },
    { w: 5, loc: 'place', subject: ['Water leak in {place} of {building}', 'Water dripping from the ceiling in {room}', 'Flooding in {place} of {building}'],
      detail: ['Water is dripping from a ceiling tile near the door.', 'There is standing water on the floor; I put a bin under it.', 'It seems to come from the floor above.'],
      fix: ['A pipe joint was replaced and the ceiling tile will be changed once dry.', 'The drain on the roof was blocked by leaves and has been cleared.'],
      note: ['{vendor} booked for the pipe repair.', 'Check for mould in two weeks.'] },
    { w: 6, loc: 'place', subject: ['Toilet blocked in {place} of {building}', 'Toilet flush broken in {building}', 'No soap or paper towels in {building} toilets'],
      detail: ['The toilet is blocked and out of order.', 'The flush runs continuously.', 'Soap dispensers have been empty {when}.'],
      fix: ['The blockage was cleared.', 'The flush mechanism was replaced.', 'The cleaning contractor refilled all dispensers and added the toilets to the daily round.'] },
    { w: 5, loc: 'building', subject: ['Lift out of order in {building}', 'Elevator stuck in {building}', 'Lift doors do not open properly in {building}'],
      detail: ['The lift has an out-of-order sign {when}.', 'Wheelchair users cannot reach the upper floors.', 'The lift stopped between floors for a minute with people inside.'],
      fix: ['Elevator Systems Ltd repaired the door sensor; the lift is back in service.', 'The lift control board was replaced.'],
      note: ['Maintenance contract covers this, call-out logged.', 'Inform the disability office while the lift is down.'] },
    { w: 5, loc: 'room', subject: ['Door lock broken at {room}', 'Card reader not working at {room}', 'Cannot lock the office {room}'],
      detail: ['My staff card is not accepted by the reader.', 'The key turns but the lock does not engage.', 'The door does not latch any more.'],
      fix: ['The lock cylinder was replaced.', 'The card reader was reprogrammed; your card works again.'] },
    { w: 4, loc: 'room', subject: ['Power sockets dead in {room}', 'No power at the desks in {room}', 'Fuse keeps tripping in {room}'],
      detail: ['None of the floor sockets work, students cannot charge laptops.', 'The fuse trips whenever the kettle is switched on.'],
      fix: ['The electrician replaced a faulty residual-current breaker.', 'The floor boxes were reconnected.'] },
    { w: 3, loc: 'room', subject: ['Whiteboard damaged in {room}', 'No markers or eraser in {room}', 'Projector screen stuck in {hall}'],
      detail: ['The whiteboard cannot be cleaned any more.', 'There are never any markers in this room.', 'The screen will not roll down.'],
      fix: ['A new whiteboard was mounted.', 'Markers and erasers were restocked.', 'The screen motor was repaired.'] },
    { w: 3, loc: 'room', subject: ['Mould on the wall in {room}', 'Damp patch on the ceiling of {room}'],
      detail: ['There is black mould behind the cupboard.', 'A damp patch keeps growing.'],
      fix: ['The wall was treated and repainted.', 'The cause (a leaking gutter) was repaired and the ceiling dried.'] },
    { w: 3, loc: 'place', subject: ['Mice in {place} of {building}', 'Wasps nest near {place} of {building}', 'Ants in the kitchenette of {building}', 'Pigeons nesting above {place}'],
      detail: ['I have seen mice twice near the bins.', 'There is a wasps nest above the entrance.', 'Ants everywhere around the sink.'],
      fix: ['Pest control visited and placed traps; they will check again in a week.', 'The nest was removed by pest control.'] },
    { w: 3, loc: 'lot', subject: ['Parking barrier stuck at {lot}', 'Broken lighting in {lot}', 'Potholes in {lot}'],
      detail: ['The barrier does not open with the parking card.', 'It is completely dark in the evening, it does not feel safe.', 'Deep potholes near the entrance.'],
      fix: ['The barrier controller was reset.', 'The lamp posts were repaired.', 'The potholes were filled.'] },
    { w: 2, season: 'winter', loc: 'building', subject: ['Icy path to {building}', 'Snow not cleared at {building}'],
      detail: ['The path is very slippery, someone fell this morning.', 'The steps are covered in ice.'],
      fix: ['Grounds staff gritted the paths and added the route to the winter service plan.'] },
    { w: 2, loc: 'building', subject: ['Bike rack damaged at {building}', 'Bike shed at {building} is full of abandoned bikes'],
      detail: ['Several stands are bent.', 'Half of the shed is taken by rusty bikes.'],
      fix: ['The stands were replaced.', 'Abandoned bikes were tagged and will be removed in two weeks.'] },
    { w: 2, loc: 'room', subject: ['Broken {equipment} in {room}', '{equipment} not working in {room}'],
      detail: ['The {equipment} stopped working {when}.', 'The {equipment} makes a loud noise and smells of burning.'],
      fix: ['The {equipment} was repaired by {vendor}.', 'The {equipment} was replaced.'],
      note: ['Asset tag checked; still under warranty.'] },
    { w: 2, loc: 'place', subject: ['Fire door propped open at {place} of {building}', 'Emergency exit blocked in {building}', 'Smoke detector beeping in {room}'],
      detail: ['The fire door is wedged open every day.', 'Boxes are blocking the emergency exit.', 'The detector beeps every minute, probably the battery.'],
      fix: ['Security removed the wedge and will check daily.', 'The exit was cleared.', 'The detector battery was replaced.'] },
    { w: 2, loc: 'place', subject: ['Strong smell of gas near {place} of {building}', 'Burning smell in {room}'],
      detail: ['It smells of gas near the lab corridor.', 'There is a burning smell from the ceiling vent.'],
      fix: ['Building services checked: a faulty fan motor, now replaced; no gas leak found.'] },
  ],
  technical_it: [
    { w: 10, season: 'termStart', loc: 'building', subject: ['Cannot connect to eduroam in {building}', 'eduroam keeps disconnecting', 'eduroam not working on my {device}'],
      detail: ['My {device} with {os} says "{error}" when joining eduroam.', 'eduroam connects for a minute and then drops.', 'Other students around me have the same problem.'],
      fix: ['Please install the eduroam profile with the configuration assistant (cat.eduroam.org); the old profile used an expired certificate.', 'An access point in {building} was faulty and has been replaced.'],
      note: ['RADIUS log shows rejects for this user: outdated certificate on the device.', 'AP on floor {floor} of {building} rebooted.'] },
    { w: 6, loc: 'place', subject: ['Wi-Fi very slow in {place} of {building}', 'No Wi-Fi signal in {room}', 'Guest Wi-Fi not working for visitors'],
      detail: ['Pages take ages to load {when}.', 'There is no signal at all at the back of the room.', 'Visitors do not receive the SMS code.'],
      fix: ['An additional access point was installed.', 'The channel plan for {building} was adjusted.', 'The SMS gateway for guest access was fixed.'] },
    { w: 9, loc: 'place', subject: ['Printer {printer} out of toner', 'Paper jam in printer {printer}', 'Printer {printer} offline', 'Cannot print to {printer} from my {device}'],
      detail: ['The printer in {place} of {building} shows "{error}".', 'The printer display says paper jam but there is no paper inside.', 'My print jobs stay in the queue.', 'The student card reader on the printer does not react.'],
      fix: ['Toner replaced and the printer is back online.', 'The jam was cleared and a worn roller replaced.', 'The print server queue was restarted; please resend your job.'],
      note: ['Printer {printer} counter at 180k pages, schedule replacement.', 'Driver package on the print server updated.'] },
    { w: 7, season: 'termStart', loc: 'none', subject: ['Moodle course {course} not visible', 'Cannot log in to Moodle', 'Moodle quiz for {course} not submitting', 'Missing Moodle enrolment for {course}'],
      detail: ['I am registered for {course} but the course does not appear in Moodle.', 'Moodle shows "{error}" after the login page.', 'When I submit the quiz the page keeps loading.'],
      fix: ['Your enrolment was synchronised from the campus management system; the course is visible now.', 'The Moodle session store was cleared; please log in again.'],
      note: ['Enrolment sync job failed overnight, rerun by the e-learning team.'] },
    { w: 6, loc: 'none', subject: ['Password reset for {system}', 'Account locked after password change', 'Forgot my password for {system}'],
      detail: ['I changed my password and now {system} says "{error}".', 'The reset link in the email has expired.'],
      fix: ['Your account was unlocked; the new password works everywhere after about 15 minutes.', 'We sent a new reset link.'] },
    { w: 6, loc: 'hall', subject: ['Projector in {hall} shows no signal', 'No sound from the speakers in {hall}', 'HDMI adapter missing in {hall}', 'Lecture recording not working in {hall}'],
      detail: ['The projector says "no signal" with my {device}.', 'The lectern microphone works but nothing comes out of the speakers.', 'The USB-C to HDMI adapter is gone again.'],
      fix: ['The media control unit in {hall} was reset and a new adapter attached with a security cable.', 'The amplifier was replaced by the AV team.'],
      note: ['Third adapter stolen this term, suggest a locked drawer.'] },
    { w: 4, loc: 'none', subject: ['VPN connection fails', 'VPN disconnects every few minutes', 'Cannot reach the file share over VPN'],
      detail: ['The VPN client on {os} reports "{error}".', 'I work from home and need the file share for my project.'],
      fix: ['Please update the VPN client to the current version; the old one is no longer supported.', 'Your VPN group membership was missing and has been added.'] },
    { w: 4, loc: 'none', subject: ['Mailbox full', 'Emails from outside not arriving', 'Outlook calendar not syncing on my {device}'],
      detail: ['I get "quota exceeded" and cannot send mail.', 'Emails from external partners bounce.', 'Appointments created on my {device} do not show up in Outlook.'],
      fix: ['Your mailbox quota was raised.', 'The sender domain was removed from the spam blocklist.', 'The mail profile on your device had to be recreated; syncing works again.'] },
    { w: 4, loc: 'room', subject: ['Lab PC {pc} does not boot', 'Lab PC {pc} very slow', 'Keyboard missing at PC {pc}'],
      detail: ['PC {pc} in {room} shows a blue screen.', 'Logging in takes over five minutes.', 'Several keys are missing.'],
      fix: ['PC {pc} was reimaged.', 'The hard disk of PC {pc} was replaced with an SSD.', 'A new keyboard was attached.'] },
    { w: 4, loc: 'none', subject: ['{software} licence expired', 'Need {software} installed', '{software} crashes on startup'],
      detail: ['{software} says the licence server is unreachable.', 'I need {software} for {course}.', '{software} crashes on {os}.'],
      fix: ['The {software} licence was renewed; restart the program.', '{software} is now available in the software centre.'] },
    { w: 3, loc: 'none', subject: ['Lost my phone with the authenticator app', 'Two-factor authentication not accepted', 'New phone, need to move 2FA'],
      detail: ['I got a new phone and cannot log in any more.', 'The six-digit codes are always rejected.'],
      fix: ['Your second factor was reset after identity check at the service desk; please enrol the new phone.', 'The clock on your phone was off; enable automatic time.'] },
    { w: 3, season: 'exams', loc: 'none', subject: ['Exam registration portal error', 'Cannot register for the {course} exam', 'Grade for {course} not shown'],
      detail: ['The portal shows "{error}" when I click register.', 'The deadline is tomorrow.', 'The grade has been published but I cannot see it.'],
      fix: ['The registration was done manually by the Examinations Office.', 'The portal cache was cleared; the grade is visible now.'] },
    { w: 2, loc: 'room', subject: ['Video conference system in {room} not working', 'Webcam in {room} not detected'],
      detail: ['The room camera is not found by Teams or Zoom.', 'Remote participants cannot hear us.'],
      fix: ['The room PC was updated and the camera driver reinstalled.'] },
    { w: 2, loc: 'none', subject: ['Cloud storage quota exceeded', 'Shared folder permissions wrong', 'Cannot access the research data share'],
      detail: ['My cloud storage is full although I deleted files.', 'New group members cannot open the shared folder.'],
      fix: ['The recycle bin was emptied and the quota raised.', 'Permissions on the share were corrected.'] },
    { w: 2, loc: 'none', subject: ['Phishing email received', 'Suspicious login notification'],
      detail: ['I got an email asking for my password that looks like it came from IT.', 'I received a login alert from a country I have never been to.'],
      fix: ['Thanks for reporting; the phishing mail was removed from all mailboxes and the sender blocked.', 'Your password was reset and all sessions ended as a precaution.'],
      note: ['Added to the phishing tracker.'] },
    { w: 2, loc: 'building', subject: ['Network port dead in {room}', 'Wired network not working in {building}'],
      detail: ['The network port by my desk does not light up.', 'No IP address on the wired network.'],
      fix: ['The port was patched on the switch.', 'A faulty switch in {building} was replaced.'] },
  ],
  services_complaints: [
    { w: 6, loc: 'cafe', subject: ['Cold food at {cafe}', 'Long queue at {cafe} at lunchtime', 'Hair in my food at {cafe}', 'Overcharged at {cafe}'],
      detail: ['{dish} was served cold.', 'I waited 35 minutes and missed my seminar.', 'The card terminal charged me twice.'],
      fix: ['We forwarded this to catering management; they apologise and have added a second till at lunchtime.', 'The double charge was refunded to your card.'] },
    { w: 4, loc: 'cafe', subject: ['More vegan options at {cafe}', 'Allergen information missing at {cafe}', 'No gluten-free options at {cafe}'],
      detail: ['There is only one vegan dish and it is often sold out.', 'The menu does not list allergens.'],
      fix: ['Catering will add a second vegan line from next month.', 'Allergen labels are now shown on all dishes.'] },
    { w: 4, loc: 'office', subject: ['Waiting time at {office} too long', 'Nobody answers the phone at {office}', 'Unfriendly treatment at {office}'],
      detail: ['I queued for over an hour at {office}.', 'I have called twenty times without getting through.', 'The staff member was very dismissive.'],
      fix: ['We passed your feedback to {office}; they have introduced online appointments.', 'The head of {office} will contact you personally.'] },
    { w: 4, season: 'exams', loc: 'building', subject: ['Library opening hours during exams', 'Not enough study places in {building}', 'Noise in the silent study zone'],
      detail: ['The library closes too early during the exam period.', 'All study places are taken by 8 am.', 'People are talking on the phone in the silent zone.'],
      fix: ['The library extends its opening hours to midnight during the exam period.', 'Additional study rooms are now open in the {building}.'] },
    { w: 3, loc: 'lot', subject: ['Parking permit not received', 'Parking fine although I have a permit', 'Not enough parking at {lot}'],
      detail: ['I paid for the permit six weeks ago.', 'I got a fine although the permit was on the dashboard.'],
      fix: ['Your permit was reissued and sent to your department.', 'The fine was cancelled.'] },
    { w: 3, loc: 'building', subject: ['Vending machine in {building} kept my money', 'Coffee machine in {building} broken'],
      detail: ['The machine took two euros and gave nothing.', 'The coffee machine shows an error.'],
      fix: ['The vending company refunded your money at the Student Service Centre.', 'The machine was repaired.'] },
    { w: 3, loc: 'none', subject: ['Shuttle bus {bus} late again', 'Campus shuttle full in the morning', '{bus} does not stop at the campus any more'],
      detail: ['{bus} was 20 minutes late three days in a row.', 'The bus was too full to get on.'],
      fix: ['We raised this with the transport company; an extra bus runs at 8:10 from next week.'] },
    { w: 3, loc: 'room', subject: ['Lost {item} in {room}', 'Found a {item} in {hall}', 'Lost and found: {item}'],
      detail: ['I left my {item} in {room} after the lecture.', 'Someone left a {item} behind.'],
      fix: ['Your {item} was handed in at the security desk; you can collect it with your ID.', 'Nothing matching was handed in; we will let you know if it turns up.'] },
    { w: 4, loc: 'place', subject: ['Bins overflowing in {place} of {building}', 'Toilets in {building} not cleaned', 'Dirty seminar rooms in {building}'],
      detail: ['The bins have not been emptied {when}.', 'The floor is sticky and it smells.', 'Rubbish is left on the desks from the day before.'],
      fix: ['The cleaning contractor added an extra round in the afternoon.', 'The cleaning schedule for {building} was corrected.'] },
    { w: 2, loc: 'building', subject: ['Ramp blocked at {building}', 'Accessible entrance of {building} locked', 'Automatic door button broken at {building}'],
      detail: ['Delivery vans park on the wheelchair ramp.', 'The accessible side entrance is locked after 4 pm.'],
      fix: ['Security now checks the ramp several times a day.', 'The accessible entrance stays open until 10 pm.'] },
    { w: 3, loc: 'room', subject: ['Room booking conflict for {room}', 'Double booking of {hall}', 'Room {room} too small for the course'],
      detail: ['Two courses were booked into {room} at the same time.', 'Sixty students and only forty seats.'],
      fix: ['The timetable office moved one course to another room.', '{course} moves to {hall} from next week.'] },
    { w: 2, loc: 'office', subject: ['Library fine disputed', 'Student card replacement fee too high', 'Semester fee paid twice'],
      detail: ['I returned the book on time but got a fine.', 'Thirty euros for a new card is a lot.', 'The fee was debited twice from my account.'],
      fix: ['The fine was waived.', 'The duplicate payment will be refunded within ten days.'] },
    { w: 2, loc: 'building', subject: ['Gym booking system double-booked', 'Showers cold in the {building}', 'Lockers broken in the {building}'],
      detail: ['Two groups turned up for the same court.', 'The showers have been cold {when}.'],
      fix: ['The booking system was fixed and the affected bookings refunded.', 'The water heater was repaired.'] },
  ],
};

/** Generic conversation pieces. Placeholders as above plus {first} (the reporter's first name). */
export const AGENT_FIRST_REPLIES = [
  'Hello {first}, thanks for reporting this. We are looking into it.',
  'Hi {first}, thank you for the report. I have passed it on to {team}.',
  'Dear {first}, thanks, we have received your ticket and will get back to you shortly.',
  'Thanks {first}, someone will check {building} today.',
  'Hello, thanks for letting us know. A colleague will take a look {when2}.',
  'Hi {first}, we are aware of the problem and working on it.',
];
export const AGENT_QUESTIONS = [
  'Could you tell us exactly which device and operating system you are using?',
  'Could you send us the exact error message, ideally a screenshot?',
  'At what time does the problem usually happen?',
  'Can you tell us the room number or describe where exactly this is?',
  'Could you send a photo of the damage?',
  'Is the problem still there today?',
  'Does it happen on other devices as well?',
  'Could you give us your student ID number so we can check your account?',
  'Which course or lecture is affected?',
];
export const REPORTER_ANSWERS = [
  'It is a {device} with {os}.',
  'The message says "{error}".',
  'Mostly in the mornings, around nine.',
  'Yes, it is still the same today.',
  'I attached a photo to my email to the service desk.',
  'It happens on my phone too.',
  'It is in {room}, on the left after the stairs.',
  'My colleague has the same problem.',
  'It is for {course} on Tuesdays.',
];
export const REPORTER_NUDGES = [
  'Any update on this?', 'Is there any news? The problem is still there.', 'Hello, this is still not fixed.',
  'Could someone please look at this soon?', 'It got worse today.',
];
export const AGENT_UPDATES = [
  'Quick update: the spare part has been ordered, it should arrive {when2}.',
  'We have scheduled a technician for {when2}.',
  'This is taking longer than expected, sorry. We are waiting for {vendor}.',
  'We have escalated this to {team}.',
  'A colleague checked on site and needs a second visit.',
];
export const INTERNAL_NOTES = [
  'Escalated to {team}.',
  'Ordered a replacement from {vendor}, ETA {n} days.',
  'Possible duplicate of an earlier ticket about {building}.',
  'Called the caretaker of {building}, will check tomorrow.',
  'Reporter called the hotline as well; same issue.',
  'Waiting for the budget approval for the repair.',
  'Checked remotely, nothing obvious in the logs.',
  'Note for the next shift: key for the plant room is at the security desk.',
  'Same issue reported on floor {floor} last month.',
  'Vendor ticket number {code} opened.',
];
export const REPORTER_THANKS = [
  'Thank you, it works again!', 'Great, thanks for the quick help.', 'Confirmed, all good now.', 'Thanks a lot!',
  'Works, thank you very much.', 'Perfect, thanks.',
];
export const REPORTER_REOPEN = [
  'Sorry, the problem is back again.', 'It worked for a day, now it is broken again.', 'Unfortunately it is not fixed.',
];
export const AGENT_WHEN = ['later today', 'tomorrow morning', 'on Monday', 'this week', 'within two days', 'early next week'];

export const KIOSKS = [
  { name: 'Library lobby kiosk', location: 'University Library, ground floor' },
  { name: 'Student Union kiosk', location: 'Student Union, foyer' },
  { name: 'Main Building kiosk', location: 'Main Building, entrance hall' },
];
